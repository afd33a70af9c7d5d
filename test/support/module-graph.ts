import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

/** The modules a source file imports at run time (type-only imports are erased), and its dynamic imports. */
export function importsOf(file: string): {static: string[]; dynamic: string[]} {
  const source = readFileSync(file, 'utf8')
  const specifiers = (pattern: RegExp): string[] => [...source.matchAll(pattern)].map((match) => match[1] ?? '')
  return {
    static: specifiers(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?'([^']+)'/gm),
    dynamic: specifiers(/\bimport\('([^']+)'\)/g),
  }
}

function resolveSpecifier(from: string, specifier: string): string {
  return specifier.startsWith('.') ? join(dirname(from), specifier.replace(/\.js$/, '.ts')) : specifier
}

/** Every module the source file `entry` (absolute) loads before its first line runs: its static imports, transitively. */
export function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    if (!file.endsWith('.ts')) return
    for (const specifier of importsOf(file).static) visit(resolveSpecifier(file, specifier))
  }
  visit(entry)
  return seen
}
