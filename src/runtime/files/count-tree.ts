import fs from 'node:fs/promises'
import path from 'node:path'

/** What lies inside a directory: files (symlinks and other non-directories count as files) and subdirectories. */
export interface TreeCount {
  files: number
  dirs: number
  /** False when the walk stopped at the limit: the real numbers are at least these. */
  complete: boolean
}

export interface CountTreeOptions {
  /** Stop after this many entries, so a preview of a huge tree stays quick. Default 10,000. */
  limit?: number
  signal?: AbortSignal
}

/** Counts everything below `dir` (not `dir` itself), without following symlinks. */
export async function countTree(dir: string, options: CountTreeOptions = {}): Promise<TreeCount> {
  const limit = options.limit ?? 10_000
  const count: TreeCount = {files: 0, dirs: 0, complete: true}
  const pending = [dir]
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    options.signal?.throwIfAborted()
    for await (const entry of await fs.opendir(current)) {
      if (count.files + count.dirs >= limit) return {...count, complete: false}
      if (entry.isDirectory()) {
        count.dirs++
        pending.push(path.join(current, entry.name))
      } else {
        count.files++
      }
    }
  }
  return count
}

/** `12 files and 3 directories`, or `at least …` when the count stopped early. */
export function describeTreeCount({files, dirs, complete}: TreeCount): string {
  const counted = `${files} ${files === 1 ? 'file' : 'files'} and ${dirs} ${dirs === 1 ? 'directory' : 'directories'}`
  return complete ? counted : `at least ${counted}`
}
