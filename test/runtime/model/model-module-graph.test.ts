import {readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'

// The openai package's main entry loads the client with all its resources (≈ 110 ms, 500 modules); the chat and
// run paths must only ever load its SSE decoder. Type-only imports are erased and do not count.

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src')

/** The modules a source file imports at run time, static and dynamic (string literals only). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const specifiers = (pattern: RegExp): string[] => [...source.matchAll(pattern)].map((match) => match[1] ?? '')
  return [...specifiers(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?'([^']+)'/gm), ...specifiers(/\bimport\('([^']+)'\)/g)]
}

/** Every package `entry` can load, through our files, statically or later; our files are followed, packages not. */
function packagesReachableFrom(entry: string): Set<string> {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    files.add(file)
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')))
      else packages.add(specifier)
    }
  }
  visit(join(src, entry))
  return packages
}

describe('what the model client loads', () => {
  const entries = [['commands/chat.ts'], ['commands/run.ts'], ['runtime/model/openai-model-client.ts']]

  test.each(entries)('%s never loads the openai client (the main entry), only its SSE decoder', (entry) => {
    const packages = packagesReachableFrom(entry)
    expect([...packages].filter((name) => name === 'openai' || (name.startsWith('openai/') && name !== 'openai/streaming'))).toEqual([])
    expect(packages.has('openai/streaming')).toBe(true)
  })

  test('the walk sees through our files: a file it reaches only through others is in the graph', () => {
    // Guards the test above against a walk that stops early (which would find nothing and pass).
    const reached = new Set<string>()
    const visit = (file: string): void => {
      if (reached.has(file)) return
      reached.add(file)
      for (const specifier of runtimeImports(file)) if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')))
    }
    visit(join(src, 'commands/run.ts'))
    expect([...reached].map((file) => relative(src, file))).toEqual(expect.arrayContaining(['runtime/model/sse-chunks.ts', 'runtime/model/request-body.ts']))
  })
})
