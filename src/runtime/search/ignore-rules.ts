import ignore, {type Ignore} from 'ignore'

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

/** Compiles gitignore lines (a file's text, or a list of lines); case-sensitive, like git on Linux. */
export function createIgnoreRules(lines: string | readonly string[]): IgnoreRules {
  return new PathOnlyRules(ignore({ignorecase: false}).add(lines))
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
