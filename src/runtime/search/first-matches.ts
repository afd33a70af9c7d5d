import type {GrepMatch} from './grep-request.js'
import {comparePaths} from './path-order.js'

/**
 * Keeps the first `limit` matching lines in path order (then line order) out of files that arrive
 * in any order, each file's lines in line order, as a parallel ripgrep reports them. Once the
 * files kept so far hold `limit` lines, a file whose path sorts after the last one needed can
 * never be shown: `wants` says so, and its lines are only counted, not parsed.
 */
export class FirstMatches {
  private readonly files = new Map<string, GrepMatch[]>()
  private kept = 0
  private trimAt: number
  /** Files sorting after this path are not needed; undefined until `limit` lines are kept. */
  private last: string | undefined

  constructor(private readonly limit: number) {
    this.trimAt = 2 * limit
  }

  /** Whether a file at `path` holding `alreadyKept` lines kept so far could have its next line shown. */
  wants(path: string, alreadyKept = 0): boolean {
    if (alreadyKept >= this.limit) return false
    return this.last === undefined || comparePaths(path, this.last) < 0
  }

  add(match: GrepMatch): void {
    const lines = this.files.get(match.path)
    if (lines) lines.push(match)
    else this.files.set(match.path, [match])
    // At least `limit` lines between trims keeps the sorting to a few per `limit` lines.
    if (++this.kept >= this.trimAt) this.trim()
  }

  /** The first `limit` lines in path order. */
  result(): GrepMatch[] {
    const paths = [...this.files.keys()].sort(comparePaths)
    return paths.flatMap((path) => this.files.get(path) ?? []).slice(0, this.limit)
  }

  private trim(): void {
    const paths = [...this.files.keys()].sort(comparePaths)
    let kept = 0
    let index = 0
    for (; index < paths.length && kept < this.limit; index++) kept += this.files.get(paths[index])?.length ?? 0
    for (const path of paths.slice(index)) this.files.delete(path)
    this.kept = kept
    this.trimAt = kept + this.limit
    this.last = paths[index - 1]
  }
}
