import {skipWhitespace} from './text-positions.js'

/** End-of-turn tokens that servers leave in the content of some templates; never part of what is shown. */
const END_TOKENS = [
  '<|im_end|>', '<|eot_id|>', '<|eom_id|>', '<|end|>', '<|endoftext|>', '<|end_of_text|>', '<end_of_turn>', '</s>',
  '<|return|>', // gpt-oss harmony
  '<｜end▁of▁sentence｜>', // DeepSeek
  '<|END_OF_TURN_TOKEN|>', // Command R
  '<turn|>', // Gemma 4
  '[e~[', // MiniMax
]

/** The text without the end-of-turn tokens (and whitespace between them) at its end. */
export function stripTrailingEndTokens(text: string): string {
  let end = text.length
  for (let changed = true; changed; ) {
    changed = false
    const trimmed = text.slice(0, end).trimEnd()
    for (const token of END_TOKENS) {
      if (trimmed.endsWith(token)) {
        end = trimmed.length - token.length
        changed = true
      }
    }
  }
  return text.slice(0, end)
}

/** Past the end-of-turn tokens (and the whitespace before each) that follow `p`; `p` when there are none. */
export function skipEndTokens(text: string, p: number): number {
  let end = p
  for (let q = skipWhitespace(text, p), token = endTokenAt(text, q); token; q = skipWhitespace(text, end), token = endTokenAt(text, q)) {
    end = q + token.length
  }
  return end
}

function endTokenAt(text: string, p: number): string | undefined {
  return END_TOKENS.find((token) => text.startsWith(token, p))
}
