import {skipSpaces, skipWhitespace} from './text-positions.js'

/**
 * Where a call written as text can begin: the markers chat templates reserve, bare JSON at a line start, and
 * call fences. The scanner reads calls from these; the streaming gate holds text back from them, so both agree.
 */

/** Fence labels whose block may hold a call (an unlabelled fence too). */
export const JSON_FENCE_LANGUAGES = new Set(['', 'json', 'jsonc', 'json5', 'tool_call', 'tool_calls', 'tool', 'function_call'])

/** Tokens a chat template reserves for calls: outside code, a call may start at one anywhere in a line. */
export const CALL_MARKERS = ['<tool_call>', '<function=', '<|python_tag|>', '[TOOL_CALLS]', '[TOOL_REQUEST]'] as const
const MARKER_FIRST_CHARS = new Set(CALL_MARKERS.map((marker) => marker[0]))
// What the body of a call fence starts with (readCallSequence).
const FENCE_BODY_STARTS = ['{', '[', '<tool_call>', '<function='] as const

export type CallStart = 'yes' | 'no' | 'undecided'

/**
 * For a reply still streaming (the TextCallGate): may a call that scanTextCalls reads begin at `i`? 'undecided'
 * when the text ends before that can be told. A line break counts as the start of a call that opens the next
 * line (bare JSON, a call fence), so it is held back with it. Errs towards 'yes': code spans are not tracked here.
 */
export function mayStartTextCall(text: string, i: number): CallStart {
  if (i >= text.length) return 'undecided'
  if (text[i] === '\n') return lineMayStartCall(text, i + 1)
  if (MARKER_FIRST_CHARS.has(text[i])) {
    const marker = startsWithAny(text, i, CALL_MARKERS)
    if (marker !== 'no') return marker
  }
  return i === 0 || text[i - 1] === '\n' ? lineMayStartCall(text, i) : 'no'
}

/** The line-start forms of atLineStart: bare JSON (an object, or an array of objects) and call fences. */
function lineMayStartCall(text: string, i: number): CallStart {
  const p = skipSpaces(text, i)
  if (p >= text.length) return 'undecided'
  if (text[p] === '{') return 'yes'
  if (text[p] === '[') return startsWithAny(text, skipWhitespace(text, p + 1), ['{'])
  return text[p] === '`' || text[p] === '~' ? fenceMayHoldCalls(text, i) : 'no'
}

function fenceMayHoldCalls(text: string, i: number): CallStart {
  const eol = text.indexOf('\n', i)
  const line = text.slice(i, eol === -1 ? text.length : eol)
  const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line)
  if (!open) return eol === -1 && /^ {0,3}(`{1,2}|~{1,2})$/.test(line) ? 'undecided' : 'no'
  if (open[1][0] === '`' && open[2].includes('`')) return 'no'
  const language = open[2].trim().split(/\s+/)[0].toLowerCase()
  if (eol === -1) return [...JSON_FENCE_LANGUAGES].some((known) => known.startsWith(language)) ? 'undecided' : 'no'
  return JSON_FENCE_LANGUAGES.has(language) ? startsWithAny(text, skipWhitespace(text, eol + 1), FENCE_BODY_STARTS) : 'no'
}

/** 'yes' when one of `prefixes` starts at `p`; 'undecided' when the text ends inside one. */
function startsWithAny(text: string, p: number, prefixes: readonly string[]): CallStart {
  if (p >= text.length) return 'undecided'
  const rest = text.length - p
  for (const prefix of prefixes) {
    if (text.startsWith(prefix, p)) return 'yes'
    if (rest < prefix.length && prefix.startsWith(text.slice(p))) return 'undecided'
  }
  return 'no'
}
