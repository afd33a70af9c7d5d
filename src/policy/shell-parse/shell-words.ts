// Building shell words from their parts: quote-removed text, tilde prefixes, ANSI-C escapes.

import type {ShellWord, WordPart} from './parsed-command.js'

/** A word that is exactly `text`, as if single-quoted. */
export function literalWord(text: string): ShellWord {
  return {raw: text, text, parts: [{kind: 'literal', text, quoted: true}], dynamic: false}
}

/** A word of these parts as they stand; `raw` defaults to its text. */
export function wordOf(parts: WordPart[], raw?: string): ShellWord {
  const text = parts.map(renderPart).join('')
  const dynamic = parts.some((part) => part.kind === 'variable' || part.kind === 'substitution')
  return {raw: raw ?? text, text, parts, dynamic}
}

/** A word of these parts, adjacent literals of the same quoting merged. */
export function finishWord(raw: string, parts: WordPart[]): ShellWord {
  return wordOf(mergeLiterals(parts), raw)
}

function renderPart(part: WordPart): string {
  switch (part.kind) {
    case 'literal':
      return part.text
    case 'tilde':
      return `~${part.user}`
    case 'variable':
    case 'substitution':
      return part.text
  }
}

export function mergeLiterals(parts: WordPart[]): WordPart[] {
  const merged: WordPart[] = []
  for (const part of parts) {
    const previous = merged.at(-1)
    if (part.kind === 'literal' && part.text === '') continue
    if (part.kind === 'literal' && previous?.kind === 'literal' && previous.quoted === part.quoted)
      merged[merged.length - 1] = {...previous, text: previous.text + part.text}
    else merged.push(part)
  }
  if (merged.length === 0 && parts.length > 0) merged.push({kind: 'literal', text: '', quoted: true})
  return merged
}

/** An unquoted leading `~` or `~name` (up to the first `/`) is a tilde expansion. */
export function withTilde(parts: WordPart[]): WordPart[] {
  const [first, ...rest] = parts
  if (first?.kind !== 'literal' || first.quoted || !first.text.startsWith('~')) return parts
  const slash = first.text.indexOf('/')
  const end = slash === -1 ? first.text.length : slash
  // The prefix runs to the first unquoted slash; if a quoted or expanded part falls inside it, bash leaves it as is.
  if (slash === -1 && rest.length > 0) return parts
  const user = first.text.slice(1, end)
  if (!/^[\w.+-]*$/.test(user)) return parts
  return [{kind: 'tilde', user}, {kind: 'literal', text: first.text.slice(end), quoted: false}, ...rest]
}

const ANSI_C_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
}

/** Decodes the escapes of a `$'…'` string, so `$'\x73udo'` is seen as `sudo`. */
export function decodeAnsiC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (match, escape: string) => {
    const head = escape[0] ?? ''
    if (head === 'x' || head === 'u' || head === 'U') {
      const code = Number.parseInt(escape.slice(1), 16)
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    }
    if (/[0-7]/.test(head)) return String.fromCharCode(Number.parseInt(escape, 8))
    if (head === 'c') return String.fromCharCode((escape.charCodeAt(1) ?? 64) & 31)
    return ANSI_C_ESCAPES[head] ?? match
  })
}
