import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, test} from '@jest/globals'

// The layout the README's "Architecture" section draws, checked against the imports as they are.

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

/** Each room and the rooms it may import (its own files always). Rooms not listed here fail the test below. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  commands: ['cli', 'policy', 'runtime/agent', 'runtime/model', 'runtime/context', 'runtime/servers', 'runtime/tools', 'runtime/config', 'runtime/files', 'runtime/text'],
  cli: ['policy', 'runtime/agent', 'runtime/model', 'runtime/context', 'runtime/servers', 'runtime/tools', 'runtime/config', 'runtime/files', 'runtime/search', 'runtime/process', 'runtime/text'],
  'runtime/agent': ['policy', 'runtime/model', 'runtime/context', 'runtime/tools', 'runtime/config', 'runtime/files', 'runtime/text'],
  policy: ['runtime/tools', 'runtime/files', 'runtime/config', 'runtime/text'],
  'runtime/context': ['runtime/model', 'runtime/servers', 'runtime/tools', 'runtime/text'],
  'runtime/model': ['runtime/tools', 'runtime/text'],
  'runtime/servers': ['runtime/text'],
  'runtime/search': ['runtime/files', 'runtime/process', 'runtime/tools', 'runtime/text'],
  'runtime/process': ['runtime/tools', 'runtime/text'],
  'runtime/config': ['runtime/files', 'runtime/text'],
  'runtime/files': ['runtime/tools', 'runtime/text'],
  'runtime/tools': ['runtime/text'],
  'runtime/text': [],
  'plugins/builtin-tools': ['runtime/tools', 'runtime/files', 'runtime/search', 'runtime/process', 'runtime/text'],
  'plugins/persona-tools': ['runtime/agent', 'runtime/config', 'runtime/tools', 'runtime/files', 'runtime/text'],
  '.': ['runtime/tools'],
  'runtime/mcp': ['runtime/tools', 'runtime/config', 'runtime/text'],
  'runtime/sessions': ['runtime/model', 'runtime/text'],
  'runtime/snapshots': ['runtime/text'],
}
// MCP servers as a tool source: the CLI starts them for a session, the commands list them.
MAY_IMPORT.cli = [...MAY_IMPORT.cli, 'runtime/mcp']
MAY_IMPORT.commands = [...MAY_IMPORT.commands, 'runtime/mcp']
// Sessions and undo (issue 12) sit below the CLI, which wires them to the loop's ports.
for (const room of ['cli', 'commands']) MAY_IMPORT[room] = [...(MAY_IMPORT[room] ?? []), 'runtime/sessions', 'runtime/snapshots']

/** A file's room: its folder, with sub-rooms folded into the room they belong to. */
function roomOf(file: string): string {
  const dir = path.relative(SRC, path.dirname(file)).split(path.sep).join('/') || '.'
  if (dir.startsWith('runtime/model/')) return 'runtime/model'
  for (const top of ['policy', 'cli', 'commands']) if (dir === top || dir.startsWith(`${top}/`)) return top
  return dir
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return name.endsWith('.ts') ? [full] : []
  })
}

/** Relative modules a file imports, statically or dynamically, type-only imports included (they are dependencies too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:from\s+|import\()'(\.{1,2}\/[^']+)'/g)].map((match) => match[1] ?? '')
  return specifiers.map((specifier) => path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')))
}

const files = sourceFiles(SRC)

describe('rooms', () => {
  test('every room is one the layout names', () => {
    expect([...new Set(files.map(roomOf))].filter((room) => !(room in MAY_IMPORT))).toEqual([])
  })

  test('no folder holds more than 20 source files', () => {
    const counts = new Map<string, number>()
    for (const file of files) counts.set(path.dirname(file), (counts.get(path.dirname(file)) ?? 0) + 1)
    const crowded = [...counts].filter(([, count]) => count > 20).map(([dir, count]) => `${path.relative(SRC, dir)}: ${count}`)
    expect(crowded).toEqual([])
  })

  test('dependencies point one way: each room imports only the rooms below it', () => {
    const wrong = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => roomOf(target) !== roomOf(file) && !(MAY_IMPORT[roomOf(file)] ?? []).includes(roomOf(target)))
        .map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`),
    )
    expect(wrong).toEqual([])
  })
})

describe('the policy core is pure', () => {
  const core = files.filter((file) => roomOf(file) === 'policy' && !path.relative(SRC, file).startsWith('policy/edge/'))

  test('it touches no disk, network, process or environment: that is the edge, in policy/edge/', () => {
    const impure = core.filter((file) => /from 'node:(fs|fs\/promises|child_process|net|http|https|os)'|process\.(env|cwd)/.test(readFileSync(file, 'utf8')))
    expect(core.length).toBeGreaterThan(20)
    expect(impure.map((file) => path.relative(SRC, file))).toEqual([])
  })

  test('it does not import its edge', () => {
    const edgeImports = core.flatMap((file) => importsOf(file).filter((target) => path.relative(SRC, target).startsWith('policy/edge/')).map(() => path.relative(SRC, file)))
    expect(edgeImports).toEqual([])
  })
})

describe('no import circles between modules', () => {
  test('following static imports from any module never leads back to it', () => {
    const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => files.includes(target))]))
    const circles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        circles.push([...trail.slice(trail.indexOf(file)), file].map((entry) => path.relative(SRC, entry)).join(' → '))
        return
      }
      state.set(file, 'open')
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file])
      state.set(file, 'done')
    }
    for (const file of files) visit(file, [])
    expect(circles).toEqual([])
  })
})
