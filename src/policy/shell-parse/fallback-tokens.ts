// The fallback tokeniser: for a command the grammar could not parse cleanly.

import type {Assignment, Redirect, ShellWord, SimpleCommand, WordPart} from './parsed-command.js'
import {decodeAnsiC, finishWord, mergeLiterals, withTilde} from './shell-words.js'

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')', '`'])
/** `${…}`, `$NAME` or a special parameter, at the start of the text. */
const VARIABLE_REFERENCE = /^\$(\{[^}]*\}?|[A-Za-z_]\w*|[0-9@*#?$!-])/
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'case', 'esac', '!', '{', '}', 'in'])

/**
 * Splits a script into commands on unquoted separators and into words by shell quoting, without a
 * grammar. Used only when tree-sitter reports errors, so `sudo rm -rf / (` is still seen as `sudo`.
 */
export function tokenizeCommands(source: string): SimpleCommand[] {
  const commands: SimpleCommand[] = []
  let words: ShellWord[] = []
  let redirects: Redirect[] = []
  let start = 0
  let pendingRedirect: string | undefined
  const endCommand = (end: number): void => {
    while (words[0] && KEYWORDS.has(words[0].text) && !words[0].parts.some((part) => part.kind === 'literal' && part.quoted))
      words.shift()
    const assignments: Assignment[] = []
    while (words[0] && /^[A-Za-z_]\w*=/.test(words[0].raw)) {
      const word = words.shift()
      if (word) assignments.push({name: word.raw.slice(0, word.raw.indexOf('=')), value: undefined})
    }
    if (words.length > 0 || redirects.length > 0) {
      commands.push({
        text: source.slice(start, end).trim(),
        argv: words,
        assignments,
        redirects,
        scope: '0',
        background: false,
        syntax: ['fallback'],
        nested: [],
      })
    }
    words = []
    redirects = []
  }
  let index = 0
  while (index < source.length) {
    const char = source[index] ?? ''
    if (char === ' ' || char === '\t') {
      index += 1
    } else if (char === '#' && (index === 0 || /\s/.test(source[index - 1] ?? ''))) {
      while (index < source.length && source[index] !== '\n') index += 1
    } else if (SEPARATORS.has(char) || source.startsWith('$(', index)) {
      endCommand(index)
      index += char === '$' ? 2 : 1
      start = index
    } else {
      const redirect = /^(\d*|&)(>>|>&|>\||>|<<<|<>|<&|<)/.exec(source.slice(index))
      if (redirect) {
        pendingRedirect = redirect[2]
        index += redirect[0].length
        continue
      }
      const {word, end} = readWord(source, index)
      index = end
      if (pendingRedirect !== undefined) {
        redirects.push({operator: pendingRedirect, target: word})
        pendingRedirect = undefined
      } else words.push(word)
    }
  }
  endCommand(source.length)
  return commands
}

/** Reads one word: quotes, escapes and `$NAME` expansions; an unterminated quote runs to the end. */
function readWord(source: string, from: number): {word: ShellWord; end: number} {
  const parts: WordPart[] = []
  let index = from
  const stop = (char: string): boolean => /\s/.test(char) || SEPARATORS.has(char) || char === '<' || char === '>'
  while (index < source.length && !stop(source[index] ?? ' ')) {
    const char = source[index] ?? ''
    if (char === "'") {
      const close = source.indexOf("'", index + 1)
      const end = close === -1 ? source.length : close
      parts.push({kind: 'literal', text: source.slice(index + 1, end), quoted: true})
      index = end + 1
    } else if (char === '"') {
      let end = index + 1
      while (end < source.length && source[end] !== '"') end += source[end] === '\\' ? 2 : 1
      parts.push(...doubleQuotedParts(source.slice(index + 1, Math.min(end, source.length))))
      index = end + 1
    } else if (char === '\\') {
      if (source[index + 1] !== '\n') parts.push({kind: 'literal', text: source[index + 1] ?? '', quoted: true})
      index += 2
    } else if (char === '$' && source.startsWith("$'", index)) {
      const close = source.indexOf("'", index + 2)
      const end = close === -1 ? source.length : close
      parts.push({kind: 'literal', text: decodeAnsiC(source.slice(index + 2, end)), quoted: true})
      index = end + 1
    } else if (char === '$') {
      const variable = VARIABLE_REFERENCE.exec(source.slice(index))
      const text = variable?.[0] ?? '$'
      parts.push(variable ? variablePart(text) : {kind: 'literal', text, quoted: false})
      index += text.length
    } else {
      parts.push({kind: 'literal', text: char, quoted: false})
      index += 1
    }
  }
  const raw = source.slice(from, Math.min(index, source.length))
  return {word: finishWord(raw, withTilde(mergeLiterals(parts))), end: Math.min(index, source.length)}
}

function doubleQuotedParts(text: string): WordPart[] {
  const parts: WordPart[] = []
  let plain = ''
  let index = 0
  while (index < text.length) {
    const variable = text[index] === '$' ? VARIABLE_REFERENCE.exec(text.slice(index)) : null
    if (variable) {
      if (plain) parts.push({kind: 'literal', text: plain, quoted: true})
      plain = ''
      parts.push(variablePart(variable[0], true))
      index += variable[0].length
    } else if (text[index] === '\\' && /[$`"\\\n]/.test(text[index + 1] ?? '')) {
      plain += text[index + 1] === '\n' ? '' : text[index + 1]
      index += 2
    } else {
      plain += text[index]
      index += 1
    }
  }
  if (plain) parts.push({kind: 'literal', text: plain, quoted: true})
  return parts
}

function variablePart(text: string, quoted = false): WordPart {
  const braced = /^\$\{([A-Za-z_]\w*|[0-9@*#?$!-])(?:(:?[-=?+]|%%?|##?)(.*))?\}$/s.exec(text)
  if (braced) {
    const operand = braced[3]?.replace(/^(["'])(.*)\1$/s, '$2')
    return {kind: 'variable', name: braced[1] ?? '', text, operator: braced[2], operand: braced[2] ? operand : undefined, quoted}
  }
  if (text.startsWith('${')) return {kind: 'substitution', text, quoted}
  return {kind: 'variable', name: text.slice(1), text, quoted}
}
