import {posix} from 'node:path'

/** An absolute, normalised path; undefined for an empty word; null when relative to an unknown directory. */
export function absolutePath(path: string, cwd: string | null): string | undefined | null {
  if (path === '') return undefined
  if (!path.startsWith('/') && cwd === null) return null
  const joined = path.startsWith('/') ? posix.normalize(path) : posix.join(cwd ?? '/', path)
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined
}
