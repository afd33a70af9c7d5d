import {argumentsFromJson, readJsonCalls, type RawCall, TOOL_NAME} from './calls-from-json.js'
import type {MarkerRead, MarkerReader, TextToolCallFormat} from './call-read.js'
import {followedBy, nameFollowedBy} from './call-read.js'
import {readLooseJsonBefore} from './loose-json.js'
import {lineEnd, skipWhitespace} from './text-positions.js'
import {readInvokes} from './xml-parameter-calls.js'

/**
 * Calls behind the reserved tokens of a chat template that a server passes through as text when its parser
 * for that model is off or fails. Such a token never occurs in prose, so the call counts whatever tool it
 * names (the loop answers an unknown one); a closing token that is missing is not needed.
 */

// DeepSeek V3/R1 and V3.1 (vLLM deepseekv3 / deepseekv31 parsers, the models' tokenizer_config chat templates).
const DS_CALLS_BEGIN = '<｜tool▁calls▁begin｜>'
const DS_CALLS_END = '<｜tool▁calls▁end｜>'
const DS_CALL_BEGIN = '<｜tool▁call▁begin｜>'
const DS_CALL_END = '<｜tool▁call▁end｜>'
const DS_SEP = '<｜tool▁sep｜>'
// Kimi K2 (vLLM kimi_k2 parser, ik_llama.cpp function_calls.md).
const KIMI_SECTION_BEGIN = '<|tool_calls_section_begin|>'
const KIMI_SECTION_END = '<|tool_calls_section_end|>'
const KIMI_CALL_BEGIN = '<|tool_call_begin|>'
const KIMI_ARGS_BEGIN = '<|tool_call_argument_begin|>'
const KIMI_CALL_END = '<|tool_call_end|>'

/** Past `token` when only whitespace stands between `p` and it; otherwise `p`. */
function past(text: string, p: number, token: string): number {
  const at = skipWhitespace(text, p)
  return text.startsWith(token, at) ? at + token.length : p
}

function result(calls: RawCall[], end: number, format: TextToolCallFormat, unparsedEnd: number): MarkerRead {
  return calls.length > 0 ? {kind: 'call', calls, end, format} : {kind: 'unparsed', end: unparsedEnd}
}

/** Until `token`, or the end of the text. */
function until(text: string, p: number, token: string): number {
  const at = text.indexOf(token, p)
  return at === -1 ? text.length : at + token.length
}

/** V3/R1: `function<｜tool▁sep｜>name\n```json\n{…}\n```<｜tool▁call▁end｜>`; V3.1: `name<｜tool▁sep｜>{…}<｜tool▁call▁end｜>`. */
function readDeepSeek(text: string, start: number): MarkerRead {
  const calls: RawCall[] = []
  let p = past(text, start, DS_CALLS_BEGIN)
  for (;;) {
    p = skipWhitespace(text, p)
    if (!text.startsWith(DS_CALL_BEGIN, p)) break
    const sep = text.indexOf(DS_SEP, p)
    if (sep === -1 || sep - p > 200) break
    let name = text.slice(p + DS_CALL_BEGIN.length, sep).trim()
    let q = sep + DS_SEP.length
    if (name === 'function') {
      name = text.slice(q, lineEnd(text, q)).trim()
      q = skipWhitespace(text, lineEnd(text, q))
      if (text.startsWith('```', q)) q = lineEnd(text, q)
    }
    const close = text.indexOf(DS_CALL_END, q)
    const value = readLooseJsonBefore(text, q, close === -1 ? text.length : close)
    const args = value && argumentsFromJson(value.value)
    if (!value || !args || !TOOL_NAME.test(name)) break
    calls.push({name, args})
    p = past(text, past(text, value.end, '```'), DS_CALL_END)
  }
  return result(calls, past(text, p, DS_CALLS_END), 'deepseek', until(text, start, DS_CALLS_END))
}

/** `<|tool_call_begin|>functions.name:0<|tool_call_argument_begin|>{…}<|tool_call_end|>`, repeated, in a section. */
function readKimi(text: string, start: number): MarkerRead {
  const calls: RawCall[] = []
  let p = past(text, start, KIMI_SECTION_BEGIN)
  for (;;) {
    p = skipWhitespace(text, p)
    if (!text.startsWith(KIMI_CALL_BEGIN, p)) break
    const argsAt = text.indexOf(KIMI_ARGS_BEGIN, p)
    if (argsAt === -1 || argsAt - p > 200) break
    const name = text.slice(p + KIMI_CALL_BEGIN.length, argsAt).trim().replace(/^functions\./, '').replace(/:\d+$/, '')
    const q = argsAt + KIMI_ARGS_BEGIN.length
    const close = text.indexOf(KIMI_CALL_END, q)
    const value = readLooseJsonBefore(text, q, close === -1 ? text.length : close)
    const args = value && argumentsFromJson(value.value)
    if (!value || !args || !TOOL_NAME.test(name)) break
    calls.push({name, args})
    p = past(text, value.end, KIMI_CALL_END)
  }
  return result(calls, past(text, p, KIMI_SECTION_END), 'kimi-k2', until(text, start, KIMI_SECTION_END))
}

// gpt-oss harmony (openai-cookbook articles/openai-harmony.md): the recipient `to=functions.name` stands in the
// header, before or after `<|channel|>`; the arguments follow `<|message|>` and end at `<|call|>`.
// The header ends at the first <|message|>; a recipient named after it is in some other message.
// Bounded so that a whole header fits in the window the streaming gate looks at (FOLLOW_WINDOW).
const HARMONY_HEADER = /^(?:(?!<\|message\|>)[^\n]){0,100}?\bto=([A-Za-z_][\w.:-]{0,63})(?:(?!<\|message\|>)[^\n]){0,60}?<\|message\|>/

/** The header of a harmony message from `p` to `<|message|>`: a call when it names a recipient. */
function harmonyHeader(rest: string): {name: string; length: number} | 'not-a-call' | 'too-short' {
  const header = HARMONY_HEADER.exec(rest)
  if (header) return {name: header[1].replace(/^functions\./, ''), length: header[0].length}
  const message = rest.indexOf('<|message|>')
  return message === -1 && rest.length < 300 && !rest.includes('\n') ? 'too-short' : 'not-a-call'
}

function readHarmony(marker: string): (text: string, start: number) => MarkerRead | undefined {
  return (text, start) => {
    const from = start + marker.length
    const header = harmonyHeader(text.slice(from, from + 300))
    if (typeof header === 'string') return undefined
    const q = from + header.length
    const close = text.indexOf('<|call|>', q)
    const value = readLooseJsonBefore(text, q, close === -1 ? text.length : close)
    const args = value && argumentsFromJson(value.value)
    if (!value || !args) return {kind: 'unparsed', end: until(text, q, '<|call|>')}
    return {kind: 'call', calls: [{name: header.name, args}], end: past(text, value.end, '<|call|>'), format: 'harmony'}
  }
}

function harmonyFollows(rest: string): 'yes' | 'no' | 'undecided' {
  const header = harmonyHeader(rest)
  return header === 'too-short' ? 'undecided' : header === 'not-a-call' ? 'no' : 'yes'
}

/** JSON calls after `marker` up to `closer` (which may be missing). */
function jsonCallsBetween(marker: string, closer: string, format: TextToolCallFormat): MarkerReader['read'] {
  return (text, start) => {
    const from = skipWhitespace(text, start + marker.length)
    const close = text.indexOf(closer, from)
    const {calls, end} = readJsonCalls(text, from, close === -1 ? text.length : close)
    return result(calls, past(text, end, closer), format, until(text, start, closer))
  }
}

export const SPECIAL_TOKEN_READERS: readonly MarkerReader[] = [
  {marker: DS_CALLS_BEGIN, follows: followedBy([DS_CALL_BEGIN]), read: readDeepSeek},
  {marker: DS_CALL_BEGIN, follows: (rest) => nameFollowedBy(rest, rest.length - rest.trimStart().length, [DS_SEP]), read: readDeepSeek},
  {marker: KIMI_SECTION_BEGIN, follows: followedBy([KIMI_CALL_BEGIN]), read: readKimi},
  {marker: KIMI_CALL_BEGIN, follows: (rest) => nameFollowedBy(rest, rest.length - rest.trimStart().length, [KIMI_ARGS_BEGIN]), read: readKimi},
  {marker: '<|channel|>', follows: harmonyFollows, read: readHarmony('<|channel|>')},
  {marker: '<|start|>', follows: harmonyFollows, read: readHarmony('<|start|>')},
  // Granite 3.x (vLLM granite parser; Granite 4 writes Hermes tags).
  {marker: '<|tool_call|>', follows: followedBy(['{', '[']), read: jsonCallsBetween('<|tool_call|>', '<|end_of_text|>', 'granite')},
  // Command R7B / Command A (llama.cpp chat.cpp command_r7b, transformers' cohere response schema).
  {marker: '<|START_ACTION|>', follows: followedBy(['[', '{']), read: jsonCallsBetween('<|START_ACTION|>', '<|END_ACTION|>', 'command-r')},
  // MiniMax-M1 (its function_call_guide): JSON lines in <tool_calls>.
  {marker: '<tool_calls>', follows: followedBy(['{', '[']), read: jsonCallsBetween('<tool_calls>', '</tool_calls>', 'minimax')},
  // MiniMax-M2 (MiniMax-M2.5 docs/tool_calling_guide.md, vLLM minimax_m2 parser).
  {
    marker: '<minimax:tool_call>',
    follows: followedBy(['<invoke']),
    read: (text, start, context) => {
      const invokes = readInvokes(text, start + '<minimax:tool_call>'.length, context.hints)
      const closer = '</minimax:tool_call>'
      if (!invokes) return {kind: 'unparsed', end: until(text, start, closer)}
      return {kind: 'call', calls: invokes.calls, end: past(text, invokes.end, closer), format: 'minimax'}
    },
  },
]

