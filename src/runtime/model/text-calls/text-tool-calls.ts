import {createHash} from 'node:crypto'
import {stripTrailingEndTokens} from './end-tokens.js'
import type {ToolCall} from '../messages.js'
import type {SchemaHints} from './schema-hints.js'
import {scanTextCalls, type Segment, type TextToolCallFormat} from './text-call-scanner.js'

/**
 * Tool calls that a model wrote as text (WIRE.md §3), read from a completed assistant message that
 * had no native `tool_calls`, with its reasoning already removed.
 *
 * Two kinds of evidence, two rules:
 * - A call MARKER is a token a model's template reserves for calls: `<tool_call>`, `<|python_tag|>`,
 *   `[TOOL_CALLS]`, `[TOOL_REQUEST]`, and the formats servers leak (call-read.ts lists them: GLM, MiniMax,
 *   DeepSeek, Kimi K2, gpt-oss harmony, Granite, Command R7B, Gemma). Outside code and quotes it counts
 *   wherever it stands and whatever name it carries (the loop answers an unknown name with the list of tools).
 *   Markup made of plain words counts only with a known name: a bare `<function=…>` without its `<tool_call>`,
 *   `functools[…]`, functionary's `>>>name`, and `<tool_call>name</tool_call>` with no arguments.
 * - Bare or fenced JSON (`{"name": …, "arguments": …}`) is what a model also writes when it SHOWS a
 *   call, so it counts only when all of this holds: every name is a known tool; the object has no
 *   keys a call never has (so `{"name": "my-app", "version": …}` is a config, not a call); the fence,
 *   if any, is json/jsonc/json5/tool_call or unlabelled; the calls are the end of the message (only
 *   whitespace and end-of-turn tokens after them); the text before them is a short lead-in (at most
 *   LEAD_IN_LIMIT characters) whose last line does not introduce an example; and no other call-shaped
 *   JSON with a known name appears earlier in the message (then the model is explaining, not calling).
 * Command R's `Action: ```json […]```` is fenced JSON and follows the same rules.
 * Blockquotes, inline code and fences in other languages are never read.
 */

export type {SchemaHints} from './schema-hints.js'
export type {TextToolCallFormat} from './text-call-scanner.js'

export interface TextToolCallExtraction {
  /** The calls, ids made up (9 letters/digits, which every template accepts), arguments a JSON object's text. */
  calls: ToolCall[]
  /** The content without the calls and end-of-turn tokens: what is printed and kept in history. */
  text: string
  /** The format of the first call, when there are calls. */
  format?: TextToolCallFormat
  /** Markup that was plainly meant as a call but could not be read (broken JSON, cut off); it stays in `text`. */
  unparsed: string[]
}

const LEAD_IN_LIMIT = 600
// The last line of a lead-in that presents JSON as an illustration rather than a call.
const EXAMPLE_LEAD_IN =
  /\b(examples?|e\.g\.|for instance|such as|samples?|like this|looks? like|would look|(the|this|following|call|request|json) (format|syntax|schema|structure)|you (could|can|would|should|might) (send|use|call|write|try))(\W|$)/i

/** Finds the tool calls written as text in `content`; see the module comment for what counts. */
export function extractTextToolCalls(
  content: string,
  knownToolNames: Iterable<string>,
  schemaHints?: SchemaHints,
): TextToolCallExtraction {
  const known = new Set(knownToolNames)
  const body = stripTrailingEndTokens(content)
  const segments = decideWeakCalls(body, scanTextCalls(body, known, schemaHints), known)

  const calls: ToolCall[] = []
  let format: TextToolCallFormat | undefined
  // The text between removed calls, one part per gap.
  const parts = ['']
  const unparsed: string[] = []
  for (const segment of segments) {
    const raw = body.slice(segment.start, segment.end)
    if (segment.kind !== 'call') {
      parts[parts.length - 1] += raw
      if (segment.kind === 'unparsed') unparsed.push(raw.trim())
      continue
    }
    format ??= segment.format
    for (const call of segment.calls) {
      const args = JSON.stringify(call.args)
      calls.push({id: makeCallId(content, calls.length, call.name, args), name: call.name, arguments: args})
    }
    parts.push('')
  }
  const text = calls.length === 0 ? body : joinParts(parts)
  return {calls, text, ...(format ? {format} : {}), unparsed}
}

/** Applies the bare/fenced JSON rules (module comment): weak calls that fail them become text again. */
function decideWeakCalls(text: string, segments: Segment[], known: ReadonlySet<string>): Segment[] {
  let tailStart = segments.length
  while (tailStart > 0) {
    const segment = segments[tailStart - 1]
    const blank = segment.kind === 'text' && text.slice(segment.start, segment.end).trim() === ''
    if (segment.kind !== 'call' && !blank) break
    tailStart--
  }
  const isWeak = (s: Segment): boolean => s.kind === 'call' && s.weak
  const isKnownWeak = (s: Segment): boolean => s.kind === 'call' && s.weak && s.calls.every((c) => known.has(c.name))
  const tail = segments.slice(tailStart)
  const leadIn = segments
    .slice(0, tailStart)
    .filter((s) => s.kind !== 'call' || s.weak)
    .map((s) => text.slice(s.start, s.end))
    .join('')
    .trim()
  const lastLine = leadIn.slice(leadIn.lastIndexOf('\n') + 1)
  const accepted =
    !segments.slice(0, tailStart).some(isKnownWeak) &&
    tail.filter(isWeak).every(isKnownWeak) &&
    leadIn.length <= LEAD_IN_LIMIT &&
    !EXAMPLE_LEAD_IN.test(lastLine)
  return segments.map((segment, index) =>
    isWeak(segment) && !(accepted && index >= tailStart)
      ? {kind: 'text', start: segment.start, end: segment.end}
      : segment,
  )
}

/** Where a call was removed, the text on both sides is joined by one blank line. */
function joinParts(parts: string[]): string {
  return parts
    .map((part) => part.replace(/^\s*\n/, '').trimEnd())
    .filter((part) => part.trim() !== '')
    .join('\n\n')
}

function makeCallId(content: string, index: number, name: string, args: string): string {
  return createHash('sha256').update(`${index}\0${name}\0${args}\0${content}`).digest('hex').slice(0, 9)
}
