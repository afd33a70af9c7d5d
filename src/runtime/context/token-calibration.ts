/**
 * Token counts as the server's tokenizer makes them, without its tokenizer: text is measured in weighted characters
 * (dense scripts and symbols count more), turned into tokens at a rate learned from each reply's
 * `usage.prompt_tokens`, and anchored to that count, so only what was added since the last reply is estimated.
 */

/** Weighted characters per token for plain English and code, before any calibration. */
export const CHARS_PER_TOKEN = 3.5
/** Headroom on every estimated (not yet counted) token: the error left after weighting, measured in bench/. */
export const ESTIMATE_SAFETY = 1.15

/**
 * Prompt characters of a text, weighted by how a BPE tokenizer cuts them, fitted on Qwen2's (bench/token-count.js):
 * letters and spaces 0.72 (about 4.9 a token), ASCII digits 3.5 (one token each), other ASCII symbols and line
 * breaks 1.9 (JSON, code), CJK and kana/hangul 2.5, astral-plane characters (emoji) 3.5 per half, other non-ASCII
 * 2. One pass, no allocation.
 */
export function promptChars(text: string): number {
  let weighted = 0
  for (let i = 0; i < text.length; i++) weighted += charWeight(text.charCodeAt(i))
  return weighted
}

function charWeight(code: number): number {
  if (code < 0x80) return isWordChar(code) ? 0.72 : code >= 48 && code <= 57 ? 3.5 : 1.9
  if (code >= 0x2e80 && code < 0xa000) return 2.5 // CJK radicals, kana, unified ideographs
  if (code >= 0xac00 && code < 0xd800) return 2.5 // hangul
  if (code >= 0xd800 && code < 0xe000) return 3.5 // surrogate halves: emoji and rare ideographs
  if (code >= 0xff00 && code < 0xfff0) return 2.5 // full-width forms
  return 2
}

function isWordChar(code: number): boolean {
  return code === 32 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)
}

const REMEMBERED_ESTIMATES = 8
// Real tokens per raw estimated token that a real tokenizer can produce on weighted characters.
const MIN_RATE = 0.5
const MAX_RATE = 2

/** The rate learned from the server, and the last prompt it counted (weighted characters → its real tokens). */
export class TokenCalibration {
  /** Real tokens per raw estimated token (weighted chars / CHARS_PER_TOKEN). */
  private ratio = 1
  private anchor?: {chars: number; tokens: number}
  // Estimates handed out lately, by value, so a reply's count can be matched to the characters it measured.
  private readonly recent = new Map<number, number>()

  /** Tokens for a prompt of this many weighted characters: the last real count, plus the rest estimated. */
  tokensFor(chars: number): number {
    const {anchor} = this
    const tokens = anchor && chars >= anchor.chars ? anchor.tokens + this.estimate(chars - anchor.chars) : this.estimate(chars)
    this.recent.delete(tokens)
    this.recent.set(tokens, chars)
    if (this.recent.size > REMEMBERED_ESTIMATES) this.recent.delete(this.recent.keys().next().value as number)
    return tokens
  }

  /**
   * Tokens for new text not yet counted by the server (a tool result, a message). The learned rate may raise this
   * estimate, never lower it: a rate learned on a prompt of tool schemas undercounts a dense JSON result after it.
   */
  estimate(chars: number): number {
    return Math.ceil((chars / CHARS_PER_TOKEN) * Math.max(1, this.ratio) * ESTIMATE_SAFETY)
  }

  /**
   * The server counted `actual` tokens for a prompt estimated at `estimated`: when that estimate came from
   * `tokensFor`, its characters become the new anchor and the rate is re-learned from the whole prompt; otherwise
   * only the rate moves. One odd number moves the rate only within [0.5, 2].
   */
  learn(estimated: number, actual: number): void {
    if (estimated <= 0 || actual <= 0) return
    const chars = this.recent.get(estimated)
    if (chars !== undefined && chars > 0) {
      const observed = actual / (chars / CHARS_PER_TOKEN)
      this.ratio = clamp(observed, MIN_RATE, MAX_RATE)
      // A count far from any tokenizer's (a proxy's or a fake server's `usage`) moves the rate, but is no anchor.
      this.anchor = observed >= MIN_RATE && observed <= MAX_RATE ? {chars, tokens: actual} : undefined
      return
    }
    this.ratio = clamp((actual / estimated) * this.ratio, MIN_RATE, MAX_RATE)
  }

  /** The conversation was replaced (compaction, /clear): the last count no longer describes a prefix of it. */
  forgetAnchor(): void {
    this.anchor = undefined
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
