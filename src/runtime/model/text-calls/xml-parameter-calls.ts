import type {RawCall} from './calls-from-json.js'
import {TOOL_NAME} from './calls-from-json.js'
import {coerceParameter, trimOneNewline} from './function-tag.js'
import {paramTypeHint, type SchemaHints} from './schema-hints.js'
import {skipWhitespace} from './text-positions.js'

/**
 * Calls whose arguments are tags with raw-text values, typed by the schema hints:
 * - GLM-4.5/4.6/4.7 (vLLM glm4_moe / glm47 parsers): `<tool_call>name\n<arg_key>k</arg_key>\n<arg_value>v</arg_value>\n</tool_call>`
 *   (4.7 drops the newlines); read from just after `<tool_call>`.
 * - MiniMax-M2 (its tool_calling_guide, vLLM minimax_m2): `<invoke name="f"><parameter name="k">v</parameter></invoke>`,
 *   one or more, inside `<minimax:tool_call>` (Kimi K2 writes the same inside `<tool_call>`, ik_llama.cpp function_calls.md).
 * A closing tag may be missing before the next tag; a value cut off by the end of the message is not read.
 */

/** A GLM call at `p` (its name); null when it is not one or a value is cut off. `end` is past `</tool_call>` when present. */
export function readGlmCall(text: string, p: number, hints: SchemaHints | undefined): {call: RawCall; end: number} | null {
  const header = /^([A-Za-z_][\w.:-]{0,127})[ \t]*(?:\r?\n)?/.exec(text.slice(p, p + 140))
  if (!header) return null
  const name = header[1]
  let q = skipWhitespace(text, p + header[0].length)
  const entries: Array<[string, unknown]> = []
  while (text.startsWith('<arg_key>', q)) {
    const keyEnd = text.indexOf('</arg_key>', q)
    if (keyEnd === -1) return null
    const key = text.slice(q + '<arg_key>'.length, keyEnd).trim()
    q = skipWhitespace(text, keyEnd + '</arg_key>'.length)
    if (!text.startsWith('<arg_value>', q)) return null
    const valueStart = q + '<arg_value>'.length
    const value = readTaggedValue(text, valueStart, '</arg_value>', ['<arg_key>', '</tool_call>'])
    if (!value) return null
    entries.push([key, coerceParameter(value.raw, paramTypeHint(hints, name, key))])
    q = skipWhitespace(text, value.next)
  }
  // Without its closing tag, a call with no arguments cannot be told from one cut off after its name.
  if (text.startsWith('</tool_call>', q)) q += '</tool_call>'.length
  else if (entries.length === 0) return null
  return {call: {name, args: Object.fromEntries(entries)}, end: q}
}

/** `<invoke name="…">…</invoke>` elements one after another from `p`; null when none can be read. */
export function readInvokes(text: string, p: number, hints: SchemaHints | undefined): {calls: RawCall[]; end: number} | null {
  const calls: RawCall[] = []
  let q = skipWhitespace(text, p)
  for (;;) {
    const open = readNamedTag(text, q, 'invoke')
    if (!open || !TOOL_NAME.test(open.name)) break
    const entries: Array<[string, unknown]> = []
    let r = skipWhitespace(text, open.end)
    for (let param = readNamedTag(text, r, 'parameter'); param; param = readNamedTag(text, r, 'parameter')) {
      const value = readTaggedValue(text, param.end, '</parameter>', ['<parameter', '</invoke>', '</minimax:tool_call>', '</tool_call>'])
      if (!value) return null
      entries.push([param.name, coerceParameter(trimOneNewline(value.raw), paramTypeHint(hints, open.name, param.name))])
      r = skipWhitespace(text, value.next)
    }
    if (text.startsWith('</invoke>', r)) r += '</invoke>'.length
    calls.push({name: open.name, args: Object.fromEntries(entries)})
    q = skipWhitespace(text, r)
  }
  return calls.length > 0 ? {calls, end: q} : null
}

/** `<tag name="x">` (quotes optional) at `p`. */
function readNamedTag(text: string, p: number, tag: 'invoke' | 'parameter'): {name: string; end: number} | null {
  if (!text.startsWith(`<${tag}`, p)) return null
  const match = /^<(?:invoke|parameter)\s+name\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s>]+))\s*>/.exec(text.slice(p, p + 200))
  return match ? {name: (match[1] ?? match[2] ?? match[3]).trim(), end: p + match[0].length} : null
}

/**
 * A value from `start` to its `closer`; when the closer is missing or comes after the next tag, up to that tag.
 * Null when neither comes: the value runs to the end of the message, cut off.
 */
function readTaggedValue(text: string, start: number, closer: string, nextTags: readonly string[]): {raw: string; next: number} | null {
  const close = text.indexOf(closer, start)
  const stops = nextTags.map((tag) => text.indexOf(tag, start)).filter((at) => at !== -1)
  const stop = stops.length > 0 ? Math.min(...stops) : -1
  if (close !== -1 && (stop === -1 || close < stop)) return {raw: text.slice(start, close), next: close + closer.length}
  return stop === -1 ? null : {raw: text.slice(start, stop), next: stop}
}
