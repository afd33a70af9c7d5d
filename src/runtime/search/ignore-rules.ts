import ignore, {type Ignore} from 'ignore'

import {type NameRule, NameRules, parseNameRule} from './name-rules.js'

/** What one set of gitignore-format rules says about a path. */
export type IgnoreVerdict = 'ignore' | 'whitelist' | 'none'

/** Gitignore-format rules that belong to one directory (a .gitignore, .ignore, exclude file, or a glob). */
export interface IgnoreRules {
  /**
   * `relativePath` is POSIX and relative to the rules' directory. Only the path itself is matched,
   * as git and ripgrep do while walking: whether a parent directory is ignored is the walker's
   * business (it does not descend), so rules that ignore `build/` say nothing about `build/a.js`.
   */
  verdict(relativePath: string, isDirectory: boolean): IgnoreVerdict
}

/**
 * Compiles gitignore lines (a file's text, or a list of lines); case-sensitive, like git on Linux.
 * Runs of lines that match names only are matched by NameRules, the rest by the `ignore` package;
 * the last run with a matching line decides, as the last matching line does in git.
 */
export function createIgnoreRules(lines: string | readonly string[]): IgnoreRules {
  const runs: IgnoreRules[] = []
  let names: NameRule[] = []
  let others: string[] = []
  const flushNames = () => {
    if (names.length > 0) runs.push(new NameRules(names))
    names = []
  }
  const flushOthers = () => {
    if (others.length > 0) runs.push(createIgnorePackageRules(others))
    others = []
  }
  for (const line of (typeof lines === 'string' ? [lines] : lines).flatMap((text) => text.split(/\r?\n/))) {
    if (line === '' || line.startsWith('#')) continue
    const rule = parseNameRule(line)
    if (rule) {
      flushOthers()
      names.push(rule)
    } else {
      flushNames()
      others.push(line)
    }
  }
  flushNames()
  flushOthers()
  return runs.length === 1 ? runs[0] : new LastRunDecides(runs)
}

/** The same rules, all matched by the `ignore` package (the reference NameRules is tested against). */
export function createIgnorePackageRules(lines: string | readonly string[]): IgnoreRules {
  return new PathOnlyRules(ignore({ignorecase: false}).add(lines))
}

class LastRunDecides implements IgnoreRules {
  constructor(private readonly runs: readonly IgnoreRules[]) {}

  verdict(relativePath: string, isDirectory: boolean): IgnoreVerdict {
    for (let index = this.runs.length - 1; index >= 0; index--) {
      const verdict = this.runs[index].verdict(relativePath, isDirectory)
      if (verdict !== 'none') return verdict
    }
    return 'none'
  }
}

/**
 * The `ignore` package answers "is this path ignored, parents included". Below a directory the
 * rules themselves ignore, that answer is "yes" whatever the path's own rules say, so there we ask
 * a copy of the rules that re-includes that directory by name: what is left is the path's own match.
 */
class PathOnlyRules implements IgnoreRules {
  /** For each directory seen: the matcher that gives path-only answers for its entries. */
  private readonly below = new Map<string, Ignore>()

  constructor(private readonly rules: Ignore) {}

  verdict(relativePath: string, isDirectory: boolean): IgnoreVerdict {
    const slash = relativePath.lastIndexOf('/')
    const matcher = slash < 0 ? this.rules : this.matcherBelow(relativePath.slice(0, slash))
    const result = matcher.test(isDirectory ? `${relativePath}/` : relativePath)
    if (result.ignored) return 'ignore'
    return result.unignored ? 'whitelist' : 'none'
  }

  private matcherBelow(directory: string): Ignore {
    let matcher = this.below.get(directory)
    if (!matcher) {
      const slash = directory.lastIndexOf('/')
      const parent = slash < 0 ? this.rules : this.matcherBelow(directory.slice(0, slash))
      // Usually nothing is ignored on the way down and every directory shares the plain rules.
      matcher = parent.test(`${directory}/`).ignored ? ignore({ignorecase: false}).add(parent).add(`!/${directory.split('/').map(escapeLiteral).join('/')}/`) : parent
      this.below.set(directory, matcher)
    }
    return matcher
  }
}

/** A file name as a gitignore pattern that matches only that name. */
export function escapeLiteral(name: string): string {
  return name.replace(/[\\*?[\]]/g, '\\$&').replace(/ +$/, (spaces) => '\\ '.repeat(spaces.length))
}
