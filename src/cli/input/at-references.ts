/** One `@path` in a message: the path as written, and whether it is shaped like a path without asking the disk. */
export interface AtReference {
  path: string
  /** Contains `/` or `.` (or was quoted): a missing file is then a typo to report; a bare `@word` only counts if it exists. */
  pathLike: boolean
}

// A word of path characters; `@` inside it is not one (that would make `@@x` or `a@b` a path).
const PATH_WORD = /^[\p{L}\p{N}_./~+-]+$/u
// Punctuation that ends a sentence or a list, not the path: `look at @src/a.ts, then …`.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/

/**
 * The `@path` references of a message, in order, each path once. An `@` counts only at the start of a word (after
 * the start, whitespace or an opening bracket): `a@b.c`, `` `@x` `` and `@@` are left alone, as is an `@` followed by
 * anything that is not a path (`@app.route("/")`, a trailing `@`). `@"a b.txt"` names a path with spaces. Pure.
 */
export function findAtReferences(text: string): AtReference[] {
  const found = new Map<string, AtReference>()
  for (const match of text.matchAll(/(?<=^|[\s([{])@(?:"([^"\n]+)"|(\S+))/gu)) {
    const reference = match[1] === undefined ? bareReference(match[2] ?? '') : {path: match[1], pathLike: true}
    if (reference && !found.has(reference.path)) found.set(reference.path, reference)
  }
  return [...found.values()]
}

function bareReference(word: string): AtReference | undefined {
  const path = word.replace(TRAILING_PUNCTUATION, '')
  // `@.` or `@..` alone are not a file to attach, and `@~` is not inside any workspace.
  if (!PATH_WORD.test(path) || /^[.~]+$/.test(path)) return undefined
  return {path, pathLike: path.includes('/') || path.includes('.')}
}
