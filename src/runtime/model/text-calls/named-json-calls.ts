import {argumentsFromJson, callsFromJson, type RawCall} from './calls-from-json.js'
import type {CallStart, MarkerRead, MarkerReader} from './call-read.js'
import {followedBy, nameFollowedBy, startsWithAny} from './call-read.js'
import {readFence} from './code-spans.js'
import {readLooseJson} from './loose-json.js'
import {skipSpaces, skipWhitespace} from './text-positions.js'

/**
 * Call formats made of plain words rather than reserved tokens, so each counts only with tools that exist:
 * - Firefunction v2 (llama.cpp firefunction-v2 parser): `functools[{"name": …, "arguments": …}, …]`
 * - Functionary v3.2 (llama.cpp functionary-v3-2 parser): `>>>name\n{…}`, repeated; `>>>all\n…` is text.
 * - Command R / R+ (ollama's tool-call tests, Cohere's template): `Action: ```json\n[{"tool_name": …, "parameters": …}]\n```` —
 *   fenced JSON like any other, so it is a weak call (text-tool-calls.ts decides).
 */

function readFunctools(text: string, start: number, known: ReadonlySet<string>): {calls: RawCall[]; end: number} | null {
  const value = readLooseJson(text, start + 'functools'.length)
  const calls = value && callsFromJson(value.value, 'lenient')
  return value && calls && calls.every((call) => known.has(call.name)) ? {calls, end: value.end} : null
}

/** `>>>name\n{…}` calls one after another; any unknown name leaves the whole run as text (`unparsed`). */
function readFunctionary(text: string, start: number, known: ReadonlySet<string>): MarkerRead | undefined {
  const calls: RawCall[] = []
  let p = start
  for (;;) {
    const header = /^>>>([A-Za-z_][\w.-]{0,127})[ \t]*\r?\n/.exec(text.slice(p, p + 140))
    const from = header ? skipWhitespace(text, p + header[0].length) : p
    const value = header && text[from] === '{' ? readLooseJson(text, from) : null
    const args = value && argumentsFromJson(value.value)
    if (!header || !value || !args) break
    calls.push({name: header[1], args})
    p = skipWhitespace(text, value.end)
  }
  if (calls.length === 0) return undefined
  if (calls.some((call) => !known.has(call.name))) return {kind: 'unparsed', end: p}
  return {kind: 'call', calls, end: p, format: 'functionary'}
}

export const NAMED_JSON_READERS: readonly MarkerReader[] = [
  {
    marker: 'functools[',
    follows: followedBy(['{']),
    read: (text, start, {known}) => {
      const read = readFunctools(text, start, known)
      return read ? {kind: 'call', ...read, format: 'functools'} : undefined
    },
  },
  {
    marker: '>>>',
    follows: (rest): CallStart => nameFollowedBy(rest, 0, ['{'], /\s/),
    read: (text, start, {known}) => readFunctionary(text, start, known),
  },
]

/** Command R's `Action:` then a JSON fence at `i` (a line start, after any indent): the calls and where the fence ends. */
export function readActionFence(text: string, i: number): {calls: RawCall[]; end: number} | null {
  if (!text.startsWith('Action:', i)) return null
  const fence = readFence(text, skipSpaces(text, i + 'Action:'.length))
  if (!fence || !/^(json)?$/.test(fence.language)) return null
  const value = readLooseJson(fence.body, skipWhitespace(fence.body, 0))
  if (!value || skipWhitespace(fence.body, value.end) !== fence.body.length) return null
  const calls = callsFromJson(value.value, 'lenient')
  return calls ? {calls, end: fence.end} : null
}

/** For the streaming gate: may `Action: ```` start at `p`? */
export function mayStartActionFence(text: string, p: number): CallStart {
  const word = startsWithAny(text, p, ['Action:'])
  return word === 'yes' ? startsWithAny(text, skipSpaces(text, p + 'Action:'.length), ['```']) : word
}
