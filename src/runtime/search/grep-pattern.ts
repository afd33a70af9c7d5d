import {ToolError} from '../tools/tool-error.js'

/**
 * A grep pattern, compiled once for both search paths. The pattern is read as a JavaScript regular
 * expression (the lenient syntax models write: `class Foo {` and `\-` are fine) and rewritten so
 * that both engines mean the same thing:
 * - `\d \w \s \b` have their JavaScript (ASCII) meaning, also in ripgrep, whose own are Unicode;
 * - `.` is any character but a line break (neither engine's `.` stops at `\r`, so it is spelled out);
 * - `$` also matches before the `\r` of a CRLF line end.
 * What ripgrep's engine cannot do (lookaround, backreferences, `\p{…}`) leaves `ripgrep` undefined,
 * and the caller searches with JavaScript alone.
 */
export interface GrepPattern {
  /** Tests one line (without its `\n`). */
  line: RegExp
  /** Tests a block of whole lines: a block without a match has no matching line. Undefined when that does not hold (lookaround). */
  block?: RegExp
  /** The same pattern for ripgrep's `-e`, or undefined when ripgrep cannot run it. */
  ripgrep?: string
}

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/')
const RUST_META = new Set('\\.+*?()|[]{}^$#&-~')
const RUST_WORD = '0-9A-Za-z_'
// JavaScript's \s, which Rust's Unicode \s does not equal (U+0085 is in, U+FEFF out).
const RUST_SPACE = '\\t\\n\\x0B\\f\\r \\xA0\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}'
const CLASS_ESCAPES: Record<string, string> = {d: '0-9', w: RUST_WORD, s: RUST_SPACE}

interface Piece {
  js: string
  rust?: string
}

export function compileGrepPattern(pattern: string, options: {ignoreCase: boolean}): GrepPattern {
  if (/[\n\r]/.test(pattern)) {
    throw new ToolError({
      what: 'the grep pattern contains a line break',
      why: 'grep matches one line at a time',
      hint: 'search for text from a single line',
    })
  }
  const translation = translate(pattern)
  const flags = options.ignoreCase ? 'iu' : 'u'
  let line: RegExp
  try {
    line = new RegExp(translation.js, flags)
  } catch (error) {
    throw invalidPattern(pattern, error)
  }
  return {
    line,
    block: translation.lookaround ? undefined : new RegExp(translation.js, `${flags}m`),
    ripgrep: translation.rust,
  }
}

function invalidPattern(pattern: string, error: unknown): ToolError {
  // V8 quotes the rewritten source (`/…/u: `), which is not what the model wrote.
  const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(error)
  return new ToolError({
    what: `invalid regular expression ${JSON.stringify(pattern)}`,
    why: reason,
    hint: 'escape ( ) [ ] { } . * + ? | with a backslash to match them as text, e.g. "foo\\(" for "foo("',
  })
}

/** The pattern as strict (u-flag) JavaScript and as Rust regex syntax. */
function translate(pattern: string): {js: string; rust?: string; lookaround: boolean} {
  let js = ''
  let rust: string | undefined = ''
  let lookaround = false
  let canRepeat = false
  const add = (piece: Piece, repeatable: boolean) => {
    js += piece.js
    rust = rust === undefined || piece.rust === undefined ? undefined : rust + piece.rust
    canRepeat = repeatable
  }
  for (let at = 0; at < pattern.length; ) {
    const char = pattern[at]
    if (char === '\\') {
      const escape = readEscape(pattern, at, false)
      add(escape.piece, escape.repeatable)
      at = escape.end
    } else if (char === '[') {
      const set = readClass(pattern, at)
      add(set.piece, true)
      at = set.end
    } else if (char === '(') {
      const group = readGroupOpen(pattern, at)
      lookaround ||= group.lookaround
      add(group.piece, false)
      at = group.end
    } else if (char === '{') {
      const quantifier = /^\{\d+(,\d*)?\}\??/.exec(pattern.slice(at))?.[0]
      // `{` that is not a quantifier after something repeatable is the character itself, as in JavaScript.
      const isQuantifier = quantifier !== undefined && canRepeat
      if (isQuantifier) add({js: quantifier, rust: quantifier}, false)
      else add({js: '\\{', rust: '\\{'}, true)
      at += isQuantifier ? quantifier.length : 1
    } else if (char === '}' || char === ']') {
      add({js: `\\${char}`, rust: `\\${char}`}, true)
      at++
    } else if (char === '.') {
      add({js: '[^\\n\\r]', rust: '[^\\n\\r]'}, true)
      at++
    } else if (char === '$') {
      add({js: '(?:\\r?$)', rust: '(?:\\r?$)'}, false)
      at++
    } else if ('*+?'.includes(char)) {
      const lazy = pattern[at + 1] === '?' ? '?' : ''
      add({js: char + lazy, rust: char + lazy}, false)
      at += 1 + lazy.length
    } else {
      // ^ | ) and plain characters (a surrogate pair is one character to both engines).
      const codePoint = String.fromCodePoint(pattern.codePointAt(at) ?? 0)
      add({js: codePoint, rust: codePoint}, !'^|'.includes(char))
      at += codePoint.length
    }
  }
  return {js, rust, lookaround}
}

function readGroupOpen(pattern: string, at: number): {piece: Piece; end: number; lookaround: boolean} {
  const rest = pattern.slice(at)
  const look = /^\(\?<?[=!]/.exec(rest)?.[0]
  if (look) return {piece: {js: look}, end: at + look.length, lookaround: true}
  const named = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest)
  if (named) return {piece: {js: named[0], rust: `(?P<${named[1]}>`}, end: at + named[0].length, lookaround: false}
  if (rest.startsWith('(?:')) return {piece: {js: '(?:', rust: '(?:'}, end: at + 3, lookaround: false}
  // Any other `(?` is not JavaScript; the RegExp constructor reports it.
  return {piece: {js: '(', rust: '('}, end: at + 1, lookaround: false}
}

/** One `\…` escape; `inClass` for inside `[…]`, where `\b` is a backspace and class escapes are inlined. */
function readEscape(pattern: string, at: number, inClass: boolean): {piece: Piece; end: number; repeatable: boolean; isClass?: boolean} {
  const next = pattern[at + 1]
  const single = (piece: Piece, length = 2) => ({piece, end: at + length, repeatable: true})
  if (next === undefined) return single({js: '\\'}, 1) // the RegExp constructor reports it
  const lower = next.toLowerCase()
  if ('dws'.includes(lower)) {
    const negated = next !== lower
    const items = CLASS_ESCAPES[lower]
    const rust = inClass ? (negated ? `[^${items}]` : items) : `[${negated ? '^' : ''}${items}]`
    return {piece: {js: `\\${next}`, rust}, end: at + 2, repeatable: true, isClass: true}
  }
  if (next === 'b' || next === 'B') {
    if (inClass) return single({js: '\\b', rust: '\\x08'})
    return {piece: {js: `\\${next}`, rust: `(?-u:\\${next})`}, end: at + 2, repeatable: false}
  }
  if ('ftv'.includes(next)) return single({js: `\\${next}`, rust: `\\${next}`})
  if (next === 'n' && !inClass) {
    throw new ToolError({what: 'the grep pattern contains \\n', why: 'grep matches one line at a time, so a line break never matches', hint: 'search for text from a single line'})
  }
  if ('nr'.includes(next)) return single({js: `\\${next}`, rust: `\\${next}`})
  // `\0` before a digit is an octal escape in old JavaScript; the strict syntax rejects it.
  if (next === '0') return /[0-9]/.test(pattern[at + 2] ?? '') ? single({js: '\\0'}) : single({js: '\\0', rust: '\\x00'})
  if (/[1-9]/.test(next)) {
    const digits = /^[0-9]+/.exec(pattern.slice(at + 1))?.[0] ?? next
    return single({js: `\\${digits}`}, 1 + digits.length) // a backreference: JavaScript only
  }
  const hex = /^x([0-9A-Fa-f]{2})/.exec(pattern.slice(at + 1))
  if (hex) return single({js: `\\x${hex[1]}`, rust: `\\x{${hex[1]}}`}, 4)
  const unicode = /^u(?:([0-9A-Fa-f]{4})|\{([0-9A-Fa-f]{1,6})\})/.exec(pattern.slice(at + 1))
  if (unicode) {
    const code = unicode[1] ?? unicode[2]
    const value = Number.parseInt(code, 16)
    // A lone surrogate half means nothing to Rust; JavaScript pairs up `\uD83D\uDE00` itself.
    const rust = value >= 0xd800 && value <= 0xdfff ? undefined : `\\x{${code}}`
    return single({js: unicode[1] ? `\\u${code}` : `\\u{${code}}`, rust}, 1 + unicode[0].length)
  }
  const control = /^c([A-Za-z])/.exec(pattern.slice(at + 1))
  if (control) return single({js: `\\c${control[1]}`, rust: `\\x{${(control[1].charCodeAt(0) % 32).toString(16)}}`}, 3)
  // A named backreference or a Unicode property: JavaScript only.
  const javascriptOnly = /^(?:k<[^>]*>|[pP]\{[^}]*\}|k|p|P)/.exec(pattern.slice(at + 1))
  if (javascriptOnly) return single({js: `\\${javascriptOnly[0]}`}, 1 + javascriptOnly[0].length)
  const char = String.fromCodePoint(pattern.codePointAt(at + 1) ?? 0)
  return single(literal(char, inClass), 1 + char.length)
}

/** A character meant as itself, escaped as each syntax needs. */
function literal(char: string, inClass: boolean): Piece {
  const js = JS_SYNTAX.has(char) || (inClass && char === '-') ? `\\${char}` : char
  return {js, rust: RUST_META.has(char) ? `\\${char}` : char}
}

/** `[…]`; a class escape next to `-` makes the `-` a character, as JavaScript reads it. */
function readClass(pattern: string, at: number): {piece: Piece; end: number} {
  let index = at + 1
  const negated = pattern[index] === '^'
  if (negated) index++
  if (pattern[index] === ']') {
    // `[]` never matches and `[^]` matches anything; Rust has no empty class.
    return {piece: negated ? {js: '[^]', rust: '(?s:.)'} : {js: '[]'}, end: index + 1}
  }
  const items: Array<Piece & {isClass?: boolean; dash?: boolean}> = []
  for (;;) {
    const char = pattern[index]
    if (char === undefined) {
      throw new ToolError({what: `invalid regular expression ${JSON.stringify(pattern)}`, why: 'a [ is never closed by ]', hint: 'write \\[ to match a [ as text'})
    }
    if (char === ']') break
    if (char === '\\') {
      const escape = readEscape(pattern, index, true)
      items.push({...escape.piece, isClass: escape.isClass})
      index = escape.end
    } else {
      const codePoint = String.fromCodePoint(pattern.codePointAt(index) ?? 0)
      items.push(char === '-' ? {js: '-', rust: '-', dash: true} : literalInClass(codePoint))
      index += codePoint.length
    }
  }
  // A dash between two characters is a range; next to a class escape it is a dash.
  const pieces = items.map((item, position) => {
    if (!item.dash) return item
    const before = items[position - 1]
    const after = items[position + 1]
    const isRange = before && after && !before.dash && !after.dash && !before.isClass && !after.isClass
    return isRange ? item : {js: '\\-', rust: '\\-'}
  })
  const js = `[${negated ? '^' : ''}${pieces.map((piece) => piece.js).join('')}]`
  const rust = pieces.every((piece) => piece.rust !== undefined) ? `[${negated ? '^' : ''}${pieces.map((piece) => piece.rust).join('')}]` : undefined
  return {piece: {js, rust}, end: index + 1}
}

function literalInClass(char: string): Piece {
  // In a Rust class `[` opens a nested class and `&&`, `--`, `~~` are set operations.
  const rust = '[]\\^&~-'.includes(char) ? `\\${char}` : char
  const js = '[]\\^-/'.includes(char) ? `\\${char}` : char
  return {js, rust}
}
