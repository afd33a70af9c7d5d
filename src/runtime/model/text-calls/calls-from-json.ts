import {unwrapEncodedArguments} from '../../tools/call-arguments.js'
import {isRecord} from '../../text/is-record.js'
import {readLooseJsonBefore, readWholeJson} from './loose-json.js'
import {skipSeparators} from './text-positions.js'

/** A call as read from text, before it gets an id and its arguments are serialised. */
export interface RawCall {
  name: string
  args: Record<string, unknown>
}

/** What a tool name may look like; anything else is prose that happens to sit in a `name` key. */
export const TOOL_NAME = /^[A-Za-z_][\w.:-]{0,127}$/

const CALL_KEYS = new Set(['name', 'arguments', 'parameters', 'type', 'id', 'tool_name', 'tool_call_id'])
// Wrappers models put around their calls: `{"tool_calls": […]}` (the OpenAI message field) and `{"tool_call": {…}}`.
const WRAPPER_KEYS = ['tool_calls', 'tool_call'] as const

/**
 * One call or an array of calls, in any of the shapes models write: `{name, arguments|parameters}`,
 * Llama 3.2's `{type: "function", name, parameters}`, the OpenAI `{type?, id?, function: {name, arguments}}`,
 * Cohere's `{tool_call_id?, tool_name, parameters}`, each alone or in a `{"tool_calls": …}` / `{"tool_call": …}`
 * wrapper. 'strict' (bare JSON) also refuses keys a call never has and a missing arguments key next to other keys.
 */
export function callsFromJson(value: unknown, mode: 'strict' | 'lenient'): RawCall[] | null {
  const wrapped = unwrap(value)
  if (wrapped !== undefined) return callsFromJson(wrapped, mode)
  if (Array.isArray(value)) {
    if (value.length === 0) return null
    const calls = value.map((item) => callFromJson(item, mode))
    return calls.every((call): call is RawCall => call !== null) ? calls : null
  }
  const call = callFromJson(value, mode)
  return call ? [call] : null
}

/** The arguments as an object: given as one, or as a JSON string (sometimes encoded twice). */
export function argumentsFromJson(raw: unknown): Record<string, unknown> | null {
  const value = unwrapEncodedArguments(raw, readWholeJson)
  if (!isRecord(value)) return null
  const looksLikeSchema = value.type === 'object' && isRecord(value.properties)
  return looksLikeSchema ? null : value
}

/** The calls inside a wrapper object that holds nothing else, or undefined. */
function unwrap(value: unknown): unknown {
  if (!isRecord(value)) return undefined
  const keys = Object.keys(value)
  if (keys.length !== 1) return undefined
  const key = WRAPPER_KEYS.find((wrapper) => wrapper === keys[0])
  return key === undefined ? undefined : value[key]
}

function callFromJson(value: unknown, mode: 'strict' | 'lenient'): RawCall | null {
  if (!isRecord(value)) return null
  if (isRecord(value.function)) {
    const outer = Object.keys(value).every((key) => key === 'function' || key === 'type' || key === 'id')
    return outer || mode === 'lenient' ? callFromJson(value.function, mode) : null
  }
  // A tool definition echoed back has a description and a schema; a call has neither.
  const name = value.name ?? value.tool_name
  if (value.description !== undefined || typeof name !== 'string' || !TOOL_NAME.test(name.trim())) return null
  if (value.type !== undefined && value.type !== 'function') return null
  const keys = Object.keys(value)
  if (mode === 'strict' && !keys.every((key) => CALL_KEYS.has(key))) return null
  const raw = value.arguments !== undefined ? value.arguments : value.parameters
  const args = raw === undefined ? {} : argumentsFromJson(raw)
  return args ? {name: name.trim(), args} : null
}

/** JSON calls one after another from `p`, as after a call marker; `end` is past the last one and its separators. */
export function readJsonCalls(text: string, p: number, limit: number): {calls: RawCall[]; end: number} {
  const calls: RawCall[] = []
  let end = p
  for (;;) {
    const value = readLooseJsonBefore(text, end, limit)
    const read = value && callsFromJson(value.value, 'lenient')
    if (!value || !read) break
    calls.push(...read)
    end = skipSeparators(text, value.end)
  }
  return {calls, end}
}
