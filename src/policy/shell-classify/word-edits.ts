// Editing a parsed word's literal text: filling in `{}`, appending `/*`, dropping an `of=` prefix.

import type {ShellWord, WordPart} from '../shell-parse/parsed-command.js'
import {literalWord, wordOf} from '../shell-parse/shell-words.js'

/** Puts `replacement` where `token` occurs in a word's literal text (`{}` of find -exec and xargs -I). */
export function replaceToken(word: ShellWord, token: string, replacement: WordPart[]): ShellWord {
  if (word.dynamic || !word.text.includes(token) || token === '') return word
  const parts = word.parts.flatMap((part): WordPart[] => {
    if (part.kind !== 'literal' || !part.text.includes(token)) return [part]
    return part.text.split(token).flatMap((piece, index): WordPart[] => [
      ...(index > 0 ? replacement : []),
      {kind: 'literal', text: piece, quoted: part.quoted},
    ])
  })
  return wordOf(parts)
}

/** The word with literal `suffix` (`/*`, `/{}`) appended, without doubling a slash. */
export function appendParts(word: ShellWord, suffix: string): ShellWord {
  const joined = word.text.endsWith('/') ? suffix.replace(/^\//, '') : suffix
  const parts: WordPart[] = [...word.parts, {kind: 'literal', text: joined, quoted: false}]
  return {raw: word.raw, text: word.text + joined, parts, dynamic: word.dynamic}
}

/** The word with a leading literal prefix (`of=`, `--target-directory=`) removed. */
export function withoutPrefix(word: ShellWord, prefix: string): ShellWord {
  const [first, ...rest] = word.parts
  if (first?.kind !== 'literal' || !first.text.startsWith(prefix)) return literalWord(word.text.slice(prefix.length))
  const remainder = first.text.slice(prefix.length)
  // `of=~/x` is tilde-expanded by bash only in assignments; dd sees the literal text.
  const parts: WordPart[] = remainder ? [{...first, text: remainder}, ...rest] : rest
  const text = word.text.slice(prefix.length)
  return {raw: word.raw, text, parts, dynamic: word.dynamic}
}
