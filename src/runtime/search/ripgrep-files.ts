import {comparePaths} from './path-order.js'
import {startRipgrep} from './ripgrep-process.js'
import {ripgrepArguments, ripgrepProblems, ripgrepWalk} from './ripgrep-walk.js'
import type {SearchGlob} from './search-glob.js'
import type {WalkListing} from './walk-listing.js'

export interface FileListRequest {
  workspace: string
  /** Absolute path of the directory to list. */
  directory: string
  glob?: SearchGlob
  /** Paths to keep (the first in path order); the rest are only counted. */
  max: number
  signal: AbortSignal
}

/**
 * The files `rg --files` lists under the directory with the walker's rules (regular files only:
 * neither follows symlinks), the first `max` in path order: ripgrep walks on all its threads and
 * lists in any order, so what is kept is sorted and trimmed as it comes (memory stays ~2×max paths
 * however big the tree). Names are NUL-separated, so a name may hold a line break. Undefined when
 * ripgrep cannot answer (not started, a glob it rejects, failed mid-way): the caller walks in JavaScript.
 */
export async function listFilesWithRipgrep(ripgrep: string, request: FileListRequest): Promise<WalkListing | undefined> {
  const walk = await ripgrepWalk(request.workspace, request.directory, request.glob)
  const subprocess = startRipgrep(ripgrep, ripgrepArguments(['--files', '--null'], walk), {cwd: walk.cwd, signal: request.signal})
  const kept = new FirstPaths(request.max)
  let pending = ''
  for await (const chunk of subprocess.stdout) {
    const names = (pending + chunk).split('\0')
    pending = names.pop() ?? ''
    for (const name of names) kept.add(walk.shownPath(name))
  }
  const done = await subprocess.done
  request.signal.throwIfAborted()
  const problems = ripgrepProblems(done)
  if (!problems || pending !== '') return undefined // a name cut off: ripgrep stopped mid-way
  return {shown: kept.result(), total: kept.total, problems}
}

/** The first `max` paths in path order of all added, holding at most twice that many. */
class FirstPaths {
  private held: string[] = []
  /** Once `max` paths are held: the last of them; a path sorting after it is never kept. */
  private last: string | undefined
  total = 0

  constructor(private readonly max: number) {}

  add(path: string): void {
    this.total++
    // Most paths of a big tree are past the first `max`: one comparison turns them away.
    if (this.last !== undefined && comparePaths(path, this.last) > 0) return
    this.held.push(path)
    if (this.held.length >= 2 * this.max) {
      this.held = this.result()
      this.last = this.held.at(-1)
    }
  }

  result(): string[] {
    return this.held.sort(comparePaths).slice(0, this.max)
  }
}
