import {followedBy, nameFollowedBy, startsWithAny, type CallStart, type MarkerReader} from './call-read.js'
import {GEMMA_READERS} from './gemma-calls.js'
import {mayStartActionFence, NAMED_JSON_READERS} from './named-json-calls.js'
import {SPECIAL_TOKEN_READERS} from './special-token-calls.js'
import {skipSpaces, skipWhitespace} from './text-positions.js'

/**
 * Where a call written as text can begin: the markers chat templates reserve, bare JSON at a line start, and
 * call fences. The scanner reads calls from these; the streaming gate holds text back from them, so both agree.
 */

export type {CallStart} from './call-read.js'

/** Fence labels whose block may hold a call (an unlabelled fence too). */
export const JSON_FENCE_LANGUAGES = new Set(['', 'json', 'jsonc', 'json5', 'tool_call', 'tool_calls', 'tool', 'function_call'])

/** The formats with a marker of their own, read by their modules; the scanner reads the other markers itself. */
export const MARKER_READERS: readonly MarkerReader[] = [...SPECIAL_TOKEN_READERS, ...GEMMA_READERS, ...NAMED_JSON_READERS]

// What may follow the scanner's own markers for a call to start there ('yes' to all it reads).
const SCANNER_MARKERS: ReadonlyArray<{marker: string; follows: (rest: string) => CallStart}> = [
  {marker: '<tool_call>', follows: toolCallFollows},
  {marker: '<function=', follows: functionTagFollows},
  {marker: '<|python_tag|>', follows: followedBy(['{', '['])},
  {marker: '[TOOL_CALLS]', follows: mistralFollows},
  {marker: '[TOOL_REQUEST]', follows: followedBy(['{', '['])},
]
const MARKERS = [...SCANNER_MARKERS, ...MARKER_READERS]

/** Tokens a chat template reserves for calls: outside code, a call may start at one anywhere in a line. */
export const CALL_MARKERS: readonly string[] = MARKERS.map((m) => m.marker)
const MARKER_FIRST_CHARS = new Set(CALL_MARKERS.map((marker) => marker[0]))
// What the body of a call fence starts with (readCallSequence).
const FENCE_BODY_STARTS = ['{', '[', '<tool_call>', '<function='] as const
// How far past a marker the gate looks to tell a call from a marker named in prose.
const FOLLOW_WINDOW = 300

/**
 * For a reply still streaming (the TextCallGate): may a call that scanTextCalls reads begin at `i`? 'undecided'
 * when the text ends before that can be told. A line break counts as the start of a call that opens the next
 * line (bare JSON, a call fence), so it is held back with it. Errs towards 'yes': code spans are not tracked here.
 */
export function mayStartTextCall(text: string, i: number): CallStart {
  if (i >= text.length) return 'undecided'
  if (text[i] === '\n') return lineMayStartCall(text, i + 1)
  if (MARKER_FIRST_CHARS.has(text[i])) {
    const marker = markerMayStartCall(text, i)
    if (marker !== 'no') return marker
  }
  return i === 0 || text[i - 1] === '\n' ? lineMayStartCall(text, i) : 'no'
}

function markerMayStartCall(text: string, i: number): CallStart {
  let partial = false
  for (const {marker, follows} of MARKERS) {
    if (text.startsWith(marker, i)) {
      const after = i + marker.length
      const start = follows(text.slice(after, after + FOLLOW_WINDOW))
      if (start !== 'no') return start
    } else if (text.length - i < marker.length && marker.startsWith(text.slice(i))) partial = true
  }
  return partial ? 'undecided' : 'no'
}

/** `<tool_call>` then JSON, a tag, a fence, or a GLM call (a name, then `<arg_key>` or the closing tag). */
function toolCallFollows(rest: string): CallStart {
  const p = skipWhitespace(rest, 0)
  if (p >= rest.length) return 'undecided'
  if ('{[<`'.includes(rest[p])) return 'yes'
  return nameFollowedBy(rest, p, ['<arg_key>', '</tool_call>'])
}

/** `<function=name>` then JSON, a parameter, a closing tag, or the next function. */
function functionTagFollows(rest: string): CallStart {
  const tag = /^[^>\n]{1,128}>/.exec(rest)
  if (!tag) return /^[^>\n]{0,128}$/.test(rest) ? 'undecided' : 'no'
  return followedBy(['{', '<parameter=', '</function>', '</tool_call>', '<function='])(rest.slice(tag[0].length))
}

/** `[TOOL_CALLS]` then a JSON list or object, or `name[ARGS]` / `name[CALL_ID]`. */
function mistralFollows(rest: string): CallStart {
  const p = skipWhitespace(rest, 0)
  const json = startsWithAny(rest, p, ['[', '{'])
  return json === 'no' ? nameFollowedBy(rest, p, ['[ARGS]', '[CALL_ID]'], /(?!)/) : json
}

/** The line-start forms of atLineStart: bare JSON (an object, or an array of objects), call fences, `Action:` fences. */
function lineMayStartCall(text: string, i: number): CallStart {
  const p = skipSpaces(text, i)
  if (p >= text.length) return 'undecided'
  if (text[p] === '{') return 'yes'
  if (text[p] === '[') return startsWithAny(text, skipWhitespace(text, p + 1), ['{'])
  if (text[p] === 'A') return mayStartActionFence(text, p)
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
