import {readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'

// What loads when: the CLI imports the policy modules at start-up, so the WASM runtime (and minimatch) must stay behind
// the parser's load path; and system-edge imports parse-shell and classify-command side by side.

const policy = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/policy')

/** The modules a source file imports at run time (type-only imports are erased), and its dynamic imports. */
function importsOf(file: string): {static: string[]; dynamic: string[]} {
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

/** Every module `entry` loads before its first line runs: its static imports, transitively. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    if (!file.endsWith('.ts')) return
    for (const specifier of importsOf(file).static) visit(resolveSpecifier(file, specifier))
  }
  visit(join(policy, entry))
  return seen
}

describe('module graph of the shell classifier', () => {
  test('nothing parse-shell or classify-command loads up front imports web-tree-sitter; only load-bash-parser does, dynamically', () => {
    const upFront = new Set([...staticGraph('edge/parse-shell.ts'), ...staticGraph('classify-command.ts')])
    expect(upFront.has('web-tree-sitter')).toBe(false)
    expect(upFront.has(join(policy, 'edge/load-bash-parser.ts'))).toBe(true)
    expect(importsOf(join(policy, 'edge/load-bash-parser.ts')).dynamic).toEqual(['web-tree-sitter'])
  })

  test('parse-shell and classify-command share no module that has imports of its own', () => {
    // Jest's VM modules fail to link two concurrent import()s that share such a module (jestjs/jest#11434).
    const parser = staticGraph('edge/parse-shell.ts')
    const shared = [...staticGraph('classify-command.ts')].filter((file) => parser.has(file) && file.endsWith('.ts'))
    const withImports = shared.filter((file) => importsOf(file).static.length > 0).map((file) => relative(policy, file))
    expect(shared.length).toBeGreaterThan(0)
    expect(withImports).toEqual([])
  })
})

describe('module graph of the rest of the policy', () => {
  test.each([['policy-rule.ts'], ['decide.ts'], ['edge/session-policy-engine.ts']])(
    '%s does not load minimatch up front: rules are parsed at every start-up, their globs compile on first match',
    (entry) => {
      expect(staticGraph(entry).has('minimatch')).toBe(false)
    },
  )
})
