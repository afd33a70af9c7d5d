// Reading tree-sitter word nodes (strings, expansions, substitutions) into shell words.

import type {Node} from 'web-tree-sitter'
import {expandBraces} from './brace-expansion.js'
import {childNodes} from './child-nodes.js'
import type {ShellWord, WordPart} from './parsed-command.js'
import {decodeAnsiC, finishWord, withTilde} from './shell-words.js'

/** Turns the nodes of one word into words (brace expansion can make several). */
export function wordsOf(nodes: Node[]): ShellWord[] {
  if (nodes.length === 0) return []
  // The nodes of one word are adjacent, so their texts joined are the word as written.
  const raw = nodes.map((node) => node.text).join('')
  const parts = nodes.flatMap((node) => partsOf(node))
  return expandBraces(withTilde(parts)).map((expanded) => finishWord(raw, expanded))
}

function partsOf(node: Node): WordPart[] {
  switch (node.type) {
    case 'word':
      return unquotedParts(node.text)
    case 'raw_string':
      return [{kind: 'literal', text: node.text.slice(1, -1), quoted: true}]
    case 'ansi_c_string':
      return [{kind: 'literal', text: decodeAnsiC(node.text.slice(2, -1)), quoted: true}]
    case 'string':
    case 'translated_string':
      return stringParts(node)
    case 'simple_expansion':
      return [{kind: 'variable', name: node.text.slice(1), text: node.text}]
    case 'expansion':
      return [expansionPart(node)]
    case 'command_substitution':
      return [substitutionPart(node)]
    case 'process_substitution':
    case 'arithmetic_expansion':
      return [{kind: 'substitution', text: node.text}]
    case 'concatenation':
      return withGaps(node, 0, node.text.length, childNodes(node), (child) => partsOf(child), false)
    default:
      return [{kind: 'literal', text: node.text, quoted: false}]
  }
}

/** Bash removes a backslash and keeps the next character literally; a backslash-newline vanishes. */
function unquotedParts(text: string): WordPart[] {
  const parts: WordPart[] = []
  let plain = ''
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]
    if (char === '\\' && index + 1 < text.length) {
      if (plain) parts.push({kind: 'literal', text: plain, quoted: false})
      plain = ''
      index += 1
      if (text[index] !== '\n') parts.push({kind: 'literal', text: text[index] ?? '', quoted: true})
    } else plain += char
  }
  if (plain) parts.push({kind: 'literal', text: plain, quoted: false})
  return parts
}

function stringParts(node: Node): WordPart[] {
  const inner = childNodes(node).filter((child) => child.isNamed)
  const open = node.text.indexOf('"') + 1
  const close = node.text.endsWith('"') && node.text.length > open ? node.text.length - 1 : node.text.length
  // Inside double quotes an expansion is not split into words: mark it quoted.
  return withGaps(node, open, close, inner, (child) =>
    child.type === 'string_content'
      ? [{kind: 'literal', text: unescapeDoubleQuoted(child.text), quoted: true}]
      : partsOf(child).map((part) => (part.kind === 'variable' || part.kind === 'substitution' ? {...part, quoted: true} : part)),
  true)
}

export function heredocWord(body: Node): ShellWord {
  const inner = childNodes(body).filter((child) => child.isNamed)
  const parts = withGaps(body, 0, body.text.length, inner, (child) =>
    child.type === 'heredoc_content' ? [{kind: 'literal', text: child.text, quoted: true}] : partsOf(child),
  true)
  return finishWord(body.text, parts)
}

/** Parts of a node's children plus its text between them (from `from` to `to`), which tree-sitter does not always cover. */
function withGaps(
  owner: Node,
  from: number,
  to: number,
  inner: Node[],
  partsOfChild: (child: Node) => WordPart[],
  quoted: boolean,
): WordPart[] {
  const parts: WordPart[] = []
  let cursor = from
  const gap = (end: number): void => {
    if (end <= cursor) return
    const text = owner.text.slice(cursor, end)
    parts.push(...(quoted ? [{kind: 'literal' as const, text: unescapeDoubleQuoted(text), quoted: true}] : unquotedParts(text)))
  }
  for (const child of inner) {
    gap(child.startIndex - owner.startIndex)
    parts.push(...partsOfChild(child))
    cursor = Math.max(cursor, child.endIndex - owner.startIndex)
  }
  gap(to)
  return parts
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, char: string) => (char === '\n' ? '' : char))
}

const EXPANSION_OPERATORS = new Set([':-', '-', ':=', '=', ':?', '?', ':+', '+', '%', '%%', '#', '##'])

function expansionPart(node: Node): WordPart {
  const inner = childNodes(node).slice(1, -1)
  const [name, operator, ...rest] = inner
  // `${a[@]}`, `${a[0]}`: an array element is looked up like a variable named `a[@]`.
  if (name?.type === 'subscript' && operator === undefined) {
    const [array, index] = childNodes(name).filter((child) => child.isNamed)
    if (array && index && /^(@|\*|\d+)$/.test(index.text)) return {kind: 'variable', name: `${array.text}[${index.text}]`, text: node.text}
  }
  if (name?.type !== 'variable_name' && name?.type !== 'special_variable_name') return {kind: 'substitution', text: node.text}
  if (operator === undefined) return {kind: 'variable', name: name.text, text: node.text}
  if (operator.isNamed || !EXPANSION_OPERATORS.has(operator.text)) return {kind: 'substitution', text: node.text}
  const operandParts = rest.flatMap((part) => partsOf(part))
  const literalOperand = operandParts.every((part) => part.kind === 'literal')
  const operand = literalOperand ? operandParts.map((part) => (part.kind === 'literal' ? part.text : '')).join('') : undefined
  return {kind: 'variable', name: name.text, text: node.text, operator: operator.text, operand}
}

const PLAIN_WORDS = new Set(['command_name', 'word', 'raw_string', 'number'])

/** `$(pwd)` and `$(whoami)` read like variables; `$(echo words)` prints its words. */
function substitutionPart(node: Node): WordPart {
  const statements = childNodes(node).filter((child) => child.isNamed && child.type !== 'comment')
  const command = statements.length === 1 && statements[0]?.type === 'command' ? statements[0] : undefined
  const words = command ? childNodes(command).filter((child) => child.isNamed) : []
  // Only plain words: anything with expansions inside is not a fixed output (and recursing would be quadratic).
  const plain = words.every((child) => PLAIN_WORDS.has(child.type) && (child.type !== 'command_name' || childNodes(child).every((name) => name.type === 'word')))
  const argv = plain ? words.flatMap((child) => wordsOf(child.type === 'command_name' ? childNodes(child) : [child])) : []
  const texts = argv.every((word) => !word.dynamic && word.parts.every((part) => part.kind === 'literal')) ? argv.map((word) => word.text) : []
  const [name, ...args] = texts
  if (name === 'pwd' && args.length === 0) return {kind: 'variable', name: 'PWD', text: node.text}
  if ((name === 'whoami' && args.length === 0) || (name === 'id' && args.join(' ') === '-un'))
    return {kind: 'variable', name: 'USER', text: node.text}
  if (name === 'echo' && !args.some((arg) => arg.startsWith('-'))) return {kind: 'substitution', text: node.text, value: args.join(' ')}
  return {kind: 'substitution', text: node.text}
}
