/** A gitignore line that only looks at an entry's own name: `*.log`, `node_modules/`, `!keep.js`. */
export interface NameRule {
  name: RegExp
  negative: boolean
  directoryOnly: boolean
}

// No slash (which anchors or spans directories), no escapes, classes, `**`, whitespace or comment
// marks: what is left means the same to git, ripgrep and the `ignore` package, and is cheap to match.
const NAME_LINE = /^(!?)((?![!#])(?!\.+\/?$)(?:[^/\\[\]\s*]|\*(?!\*))+)(\/?)$/

/** The line as a NameRule, or undefined when it needs the full gitignore engine. */
export function parseNameRule(line: string): NameRule | undefined {
  const parts = NAME_LINE.exec(line)
  if (!parts) return undefined
  const [, bang, glob, slash] = parts
  const source = glob.replace(/[.+^${}()|]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]')
  return {name: new RegExp(`^${source}$`), negative: bang === '!', directoryOnly: slash === '/'}
}

/**
 * Rules that match names only, tested against the last segment of the path: the last matching
 * rule decides, as in git. Walks test every entry against the root .gitignore and the glob; this
 * is most of their rules, at a fraction of the general engine's cost per path.
 */
export class NameRules {
  constructor(private readonly rules: readonly NameRule[]) {}

  /** The same answers as IgnoreRules.verdict (which this module does not import: ignore-rules imports it). */
  verdict(relativePath: string, isDirectory: boolean): 'ignore' | 'whitelist' | 'none' {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1)
    for (let index = this.rules.length - 1; index >= 0; index--) {
      const rule = this.rules[index]
      if (rule.directoryOnly && !isDirectory) continue
      if (rule.name.test(name)) return rule.negative ? 'whitelist' : 'ignore'
    }
    return 'none'
  }
}
