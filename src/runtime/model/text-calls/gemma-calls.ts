import {TOOL_NAME, type RawCall} from './calls-from-json.js'
import {isRecord} from '../../text/is-record.js'
import type {MarkerRead, MarkerReader} from './call-read.js'
import {followedBy} from './call-read.js'
import {readLooseJson} from './loose-json.js'
import {skipWhitespace} from './text-positions.js'

/**
 * Gemma's own call syntax, not JSON: `call:name{key:value,…}` with bare keys and strings between quote tokens.
 * - Gemma 4 (llama.cpp peg-gemma4; vLLM gemma4 parser): `<|tool_call>call:name{path:<|"|>a.ts<|"|>,n:3}<tool_call|>`
 * - FunctionGemma (its docs; vLLM functiongemma parser): `<start_function_call>call:name{path:<escape>a.ts<escape>}<end_function_call>`
 * Values may also be JSON strings, numbers, booleans, null, arrays and nested objects of the same syntax.
 */

interface GemmaSyntax {
  open: string
  close: string
  quote: string
}

const GEMMA_4: GemmaSyntax = {open: '<|tool_call>', close: '<tool_call|>', quote: '<|"|>'}
const FUNCTION_GEMMA: GemmaSyntax = {open: '<start_function_call>', close: '<end_function_call>', quote: '<escape>'}

const FAIL = Symbol('fail')

/** Calls one after another from `start`, each `open call:name{…} close` (the close may be missing). */
function readGemmaCalls(syntax: GemmaSyntax, text: string, start: number): MarkerRead {
  const calls: RawCall[] = []
  let p = start
  for (;;) {
    const at = skipWhitespace(text, p)
    if (!text.startsWith(syntax.open, at)) break
    const header = /^call:([A-Za-z_][\w.-]{0,127})\s*(?=\{)/.exec(text.slice(at + syntax.open.length, at + syntax.open.length + 140))
    if (!header) break
    const read = readValue(syntax.quote, text, at + syntax.open.length + header[0].length)
    if (read === null || !isRecord(read.value) || !TOOL_NAME.test(header[1])) break
    calls.push({name: header[1], args: read.value})
    p = skipWhitespace(text, read.end)
    p = text.startsWith(syntax.close, p) ? p + syntax.close.length : read.end
  }
  if (calls.length > 0) return {kind: 'call', calls, end: p, format: 'gemma'}
  const close = text.indexOf(syntax.close, start)
  return {kind: 'unparsed', end: close === -1 ? text.length : close + syntax.close.length}
}

/** One value of the Gemma syntax at `p` (after whitespace); null when there is none or it is cut off. */
function readValue(quote: string, text: string, p: number): {value: unknown; end: number} | null {
  let pos = p
  const value = (): unknown => {
    pos = skipWhitespace(text, pos)
    if (text.startsWith(quote, pos)) {
      const close = text.indexOf(quote, pos + quote.length)
      if (close === -1) return FAIL
      const s = text.slice(pos + quote.length, close)
      pos = close + quote.length
      return s
    }
    const c = text[pos]
    if (c === '{' || c === '[') return container(c === '{' ? '}' : ']')
    const json = /^(?:"|-?\d|true\b|false\b|null\b)/.test(text.slice(pos, pos + 6)) ? readLooseJson(text, pos) : null
    if (!json || typeof json.value === 'object') return FAIL
    pos = json.end
    return json.value
  }
  const key = (): string | typeof FAIL => {
    pos = skipWhitespace(text, pos)
    if (text.startsWith(quote, pos) || text[pos] === '"') {
      const k = value()
      return typeof k === 'string' ? k : FAIL
    }
    const bare = /^[^\s:{}[\],"]+/.exec(text.slice(pos, pos + 200))
    if (!bare) return FAIL
    pos += bare[0].length
    return bare[0]
  }
  const container = (closer: '}' | ']'): unknown => {
    pos++
    const entries: Array<[string, unknown]> = []
    const items: unknown[] = []
    for (;;) {
      pos = skipWhitespace(text, pos)
      if (text[pos] === closer) {
        pos++
        // fromEntries defines own properties, so a "__proto__" key stays a key.
        return closer === '}' ? Object.fromEntries(entries) : items
      }
      if (closer === '}') {
        const k = key()
        pos = skipWhitespace(text, pos)
        if (k === FAIL || text[pos] !== ':') return FAIL
        pos++
        const v = value()
        if (v === FAIL) return FAIL
        entries.push([k, v])
      } else {
        const v = value()
        if (v === FAIL) return FAIL
        items.push(v)
      }
      pos = skipWhitespace(text, pos)
      if (text[pos] === ',') pos++
      else if (text[pos] !== closer) return FAIL
    }
  }
  const read = value()
  return read === FAIL ? null : {value: read, end: pos}
}

export const GEMMA_READERS: readonly MarkerReader[] = [GEMMA_4, FUNCTION_GEMMA].map((syntax) => ({
  marker: syntax.open,
  follows: followedBy(['call:']),
  read: (text: string, start: number) => readGemmaCalls(syntax, text, start),
}))
