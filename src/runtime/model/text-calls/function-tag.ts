import {argumentsFromJson, type RawCall, TOOL_NAME} from './calls-from-json.js'
import {isRecord} from '../../text/is-record.js'
import {readLooseJsonBefore, readWholeJson} from './loose-json.js'
import {paramTypeHint, type ParamType, type SchemaHints} from './schema-hints.js'
import {skipWhitespace} from './text-positions.js'

/** The name in a `<function=name>` opening tag at `start`, unquoted; undefined when no such tag stands there. */
export function functionTagName(text: string, start: number): string | undefined {
  return readOpeningTag(text, start, 'function')?.name
}

/**
 * `<function=name><parameter=key>value</parameter>…</function>` (Qwen3-Coder) or `<function=name>{…}</function>`
 * (Llama 3.1), at `start`, read no further than `limit` for a body without its closing tag. Missing
 * `</parameter>` before the next parameter and missing `</function>` are tolerated; a value cut off by the
 * end of the message is not (it would run a half-written command or file). `json` says which of the two it was.
 */
export function readFunctionTag(
  text: string,
  start: number,
  limit: number,
  hints: SchemaHints | undefined,
): {call: RawCall; end: number; json: boolean} | null {
  const header = readOpeningTag(text, start, 'function')
  if (!header || !TOOL_NAME.test(header.name)) return null
  const {name} = header
  let p = skipWhitespace(text, header.end)
  const closeFunction = (at: number): number => (text.startsWith('</function>', at) ? at + '</function>'.length : at)

  if (text[p] === '{') {
    const fnClose = text.indexOf('</function>', p)
    const value = readLooseJsonBefore(text, p, fnClose === -1 ? limit : fnClose)
    const args = value && argumentsFromJson(value.value)
    if (!value || !args) return null
    return {call: {name, args}, end: closeFunction(skipWhitespace(text, value.end)), json: true}
  }

  const entries: Array<[string, unknown]> = []
  for (;;) {
    p = skipWhitespace(text, p)
    const param = readOpeningTag(text, p, 'parameter')
    if (!param) break
    const valueStart = param.end
    const close = text.indexOf('</parameter>', valueStart)
    const nextParam = text.indexOf('<parameter=', valueStart)
    let valueEnd: number
    if (close !== -1 && (nextParam === -1 || close < nextParam)) {
      valueEnd = close
      p = close + '</parameter>'.length
    } else {
      const stops = [nextParam, text.indexOf('</function>', valueStart), text.indexOf('</tool_call>', valueStart)]
      const stop = Math.min(...stops.filter((s) => s !== -1))
      if (!Number.isFinite(stop)) return null // the value runs to the end of the message: cut off
      valueEnd = stop
      p = stop
    }
    entries.push([param.name, coerceParameter(trimOneNewline(text.slice(valueStart, valueEnd)), paramTypeHint(hints, name, param.name))])
  }
  if (text.startsWith('</function>', p)) return {call: {name, args: Object.fromEntries(entries)}, end: p + '</function>'.length, json: false}
  const rest = text.slice(p, limit).trim()
  const nothingElse = rest === '' || rest.startsWith('</tool_call>') || rest.startsWith('<function=')
  if (entries.length === 0 && !nothingElse) return null
  return {call: {name, args: Object.fromEntries(entries)}, end: p, json: false}
}

/** `<function=name>` or `<parameter=name>` at `start`: the name without quotes, and where the tag ends. */
function readOpeningTag(text: string, start: number, tag: 'function' | 'parameter'): {name: string; end: number} | null {
  const open = `<${tag}=`
  if (!text.startsWith(open, start)) return null
  const match = /^([^>\n]+)>/.exec(text.slice(start + open.length, start + 200))
  return match ? {name: cleanName(match[1]), end: start + open.length + match[0].length} : null
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

/** Parameter values written as raw text (Qwen3-Coder, GLM, MiniMax); the schema says what they should be. */
export function coerceParameter(raw: string, type: ParamType | undefined): unknown {
  const trimmed = raw.trim()
  switch (type) {
    case 'string':
      return raw
    case 'number':
    case 'integer':
      return JSON_NUMBER.test(trimmed) ? Number(trimmed) : raw
    case 'boolean':
      return /^(true|false)$/i.test(trimmed) ? trimmed.toLowerCase() === 'true' : raw
    case 'array':
    case 'object': {
      const value = readWholeJson(trimmed)
      const fits = type === 'array' ? Array.isArray(value) : isRecord(value)
      return fits ? value : raw
    }
    case undefined: {
      if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true'
      if (JSON_NUMBER.test(trimmed)) return Number(trimmed)
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        const value = readWholeJson(trimmed)
        if (value !== undefined) return value
      }
      return raw
    }
  }
}

/** One newline after the opening tag and one before the closing tag belong to the markup, not the value. */
export function trimOneNewline(value: string): string {
  return value.replace(/^\r?\n/, '').replace(/\r?\n$/, '')
}

function cleanName(name: string): string {
  return name.trim().replace(/^["']|["']$/g, '')
}
