import {skipWhitespace} from './text-positions.js'

/**
 * Lenient JSON: what models write when they mean JSON. Accepts single-quoted strings and Python's
 * True/False/None, raw newlines in strings, trailing commas, and up to two closing brackets missing at
 * the very end of the text. Unknown escapes and \b, \f are kept as written: in tool arguments they are
 * Windows paths (`C:\Users\file`), never backspace or form feed. Everything else fails.
 */

const FAIL = Symbol('fail')
const MAX_AUTO_CLOSE = 2

/** Reads one JSON value at `start` (after any whitespace); null when there is none. `end` is just after it. */
export function readLooseJson(text: string, start: number): {value: unknown; end: number} | null {
  let pos = start
  let autoClosed = 0

  const ws = (): void => {
    pos = skipWhitespace(text, pos)
  }
  const closeAtEnd = (): boolean => pos >= text.length && autoClosed++ < MAX_AUTO_CLOSE

  const readValue = (): unknown => {
    ws()
    const c = text[pos]
    if (c === '{') return readContainer('}')
    if (c === '[') return readContainer(']')
    if (c === '"' || c === "'") return readString()
    const number = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
    number.lastIndex = pos
    const n = number.exec(text)
    if (n) {
      pos += n[0].length
      return Number(n[0])
    }
    const word = /(true|false|null|True|False|None)(?![\w$])/y
    word.lastIndex = pos
    const w = word.exec(text)
    if (!w) return FAIL
    pos += w[0].length
    return w[1] === 'true' || w[1] === 'True' ? true : w[1] === 'false' || w[1] === 'False' ? false : null
  }

  const readContainer = (closer: '}' | ']'): unknown => {
    pos++
    const entries: Array<[string, unknown]> = []
    const items: unknown[] = []
    ws()
    if (text[pos] === closer) {
      pos++
      return closer === '}' ? {} : []
    }
    for (;;) {
      ws()
      if (closer === '}') {
        if (text[pos] !== '"' && text[pos] !== "'") return FAIL
        const key = readString()
        if (key === FAIL) return FAIL
        ws()
        if (text[pos] !== ':') return FAIL
        pos++
        const value = readValue()
        if (value === FAIL) return FAIL
        entries.push([key as string, value])
      } else {
        const value = readValue()
        if (value === FAIL) return FAIL
        items.push(value)
      }
      ws()
      if (text[pos] === ',') {
        pos++
        ws()
        if (text[pos] !== closer) continue
      }
      if (text[pos] === closer) pos++
      else if (!closeAtEnd()) return FAIL
      // fromEntries defines own properties, so a "__proto__" key stays a key.
      return closer === '}' ? Object.fromEntries(entries) : items
    }
  }

  const readString = (): unknown => {
    const quote = text[pos++]
    let out = ''
    while (pos < text.length) {
      const c = text[pos++]
      if (c === quote) return out
      if (c !== '\\') {
        out += c
        continue
      }
      const e = text[pos++]
      if (e === undefined) return FAIL
      const simple: Record<string, string> = {n: '\n', t: '\t', r: '\r', '/': '/', '\\': '\\', '"': '"', "'": "'"}
      if (e in simple) out += simple[e]
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos, pos + 4))) {
        out += String.fromCharCode(parseInt(text.slice(pos, pos + 4), 16))
        pos += 4
      } else out += `\\${e}`
    }
    return FAIL
  }

  const value = readValue()
  return value === FAIL ? null : {value, end: pos}
}

/**
 * Reads one value at `start`; failing that, reads again as if the text ended at `limit` (where a closing
 * tag stands), so the brackets a model left off just before the tag are closed.
 */
export function readLooseJsonBefore(text: string, start: number, limit: number): {value: unknown; end: number} | null {
  const value = readLooseJson(text, start)
  return value ?? (limit < text.length ? readLooseJson(text.slice(0, limit), start) : null)
}

/** The whole text as one lenient JSON value, or undefined. */
export function readWholeJson(text: string): unknown {
  const start = skipWhitespace(text, 0)
  const read = readLooseJson(text, start)
  return read && skipWhitespace(text, read.end) === text.length ? read.value : undefined
}
