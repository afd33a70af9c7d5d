import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'

import {importsOf, staticGraph as graphOf} from '../support/module-graph.js'

// What loads when: the CLI imports the policy modules at start-up, so the WASM runtime (and minimatch) must stay behind
// the parser's load path; and system-edge imports parse-shell and classify-command side by side.

const policy = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/policy')
const staticGraph = (entry: string): Set<string> => graphOf(join(policy, entry))

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
