import {createIgnoreRules, type IgnoreRules} from './ignore-rules.js'

/**
 * A glob that picks files for grep and find_files, with ripgrep's `-g` semantics so both grep
 * paths agree: gitignore syntax matched against the path relative to the searched directory (no
 * slash: the name at any depth, `*.ts`; a slash: from that directory, `src/**\/*.ts`), `{a,b}`
 * alternatives, and a leading `!` to exclude. A match decides, before any ignore file: a file the
 * glob names is searched even when .gitignore lists it; other files are left out.
 */
export interface SearchGlob {
  /** The glob as the caller wrote it. */
  readonly source: string
  /** 'include'/'exclude' when the glob decides for this path; 'none' leaves it to the ignore files. */
  verdict(relativePath: string, isDirectory: boolean): 'include' | 'exclude' | 'none'
  /** The `-g` arguments that make ripgrep decide the same way. */
  readonly ripgrepGlobs: readonly string[]
}

/** Most alternatives one glob may expand to; more is a mistake, not a search. */
const MAX_ALTERNATIVES = 256

/**
 * `base` is the searched directory, workspace-relative: a glob that starts with it is read from the
 * workspace root instead (`src/**\/*.ts` while searching `src`), since paths in tool output are.
 */
export function createSearchGlob(source: string, base = ''): SearchGlob {
  const exclude = source.startsWith('!')
  let glob = (exclude ? source.slice(1) : source).replace(/^\.\//, '')
  if (base && base !== '.' && glob.startsWith(`${base}/`)) glob = glob.slice(base.length + 1)
  const alternatives = expandBraces(glob)
  const rules: IgnoreRules = createIgnoreRules(alternatives)
  return {
    source,
    verdict(relativePath, isDirectory) {
      if (rules.verdict(relativePath, isDirectory) === 'ignore') return exclude ? 'exclude' : 'include'
      // Like rg: once a glob says what to include, a file it does not name is out; a directory is walked.
      return !exclude && !isDirectory ? 'exclude' : 'none'
    },
    // ripgrep's own braces cannot nest, and a brace left without a comma means itself in gitignore.
    ripgrepGlobs: alternatives.map((alternative) => (exclude ? '!' : '') + alternative.replace(/(?<!\\)[{}]/g, '\\$&')),
  }
}

/** `*.{ts,tsx}` → `*.ts`, `*.tsx`; nested and repeated groups multiply out; `\{` stays literal. */
export function expandBraces(glob: string): string[] {
  const group = findBraceGroup(glob)
  if (!group) return [glob]
  const before = glob.slice(0, group.open)
  const after = glob.slice(group.close + 1)
  const expanded = group.options.flatMap((option) => expandBraces(before + option + after))
  return expanded.slice(0, MAX_ALTERNATIVES)
}

/** The first `{…}` with a top-level comma, and its comma-separated options. */
function findBraceGroup(glob: string): {open: number; close: number; options: string[]} | undefined {
  for (let open = 0; open < glob.length; open++) {
    if (glob[open] === '\\') {
      open++
      continue
    }
    if (glob[open] !== '{') continue
    let depth = 0
    let start = open + 1
    const options: string[] = []
    for (let index = open; index < glob.length; index++) {
      const char = glob[index]
      if (char === '\\') index++
      else if (char === '{') depth++
      else if (char === ',' && depth === 1) {
        options.push(glob.slice(start, index))
        start = index + 1
      } else if (char === '}' && --depth === 0) {
        if (options.length === 0) break
        options.push(glob.slice(start, index))
        return {open, close: index, options}
      }
    }
  }
  return undefined
}
