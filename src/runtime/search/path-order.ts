/**
 * The order in which ripgrep's `--sort path` and the walker list files: each directory's entries
 * by the bytes of their UTF-8 names, a directory's contents right after it. Comparing whole paths
 * that way means a `/` sorts before every other character (`a/b.txt` before `a-b.txt`), and UTF-8
 * byte order is code point order, which UTF-16 code units keep except for surrogates.
 */
export function comparePaths(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index)
    const right = b.charCodeAt(index)
    if (left !== right) return sortKey(left) - sortKey(right)
  }
  return a.length - b.length
}

/** Names within one directory: the same byte order. */
export const compareNames: (a: string, b: string) => number = comparePaths

const SLASH = 0x2f

function sortKey(code: number): number {
  if (code === SLASH) return -1
  // Surrogates stand for code points above U+FFFF, so they sort after U+E000–U+FFFF.
  if (code >= 0xd800 && code <= 0xdfff) return code + 0x2000
  return code >= 0xe000 ? code - 0x800 : code
}

/** Sorts paths in place into the walker's order. */
export function sortPaths(paths: string[]): string[] {
  return paths.sort(comparePaths)
}
