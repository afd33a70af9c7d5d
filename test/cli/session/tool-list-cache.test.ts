import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {
  type CachedPlugin,
  type CacheScope,
  computeFingerprint,
  oclifDataDir,
  readToolListCache,
  toolCacheDir,
  validToolListCache,
  writeToolListCache,
} from '../../../src/cli/session/tool-list-cache.js'

let root: string
let scope: CacheScope
let linked: CachedPlugin

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lilly-tool-cache-'))
  scope = {cliRoot: path.join(root, 'cli'), dataDir: path.join(root, 'data'), workspace: path.join(root, 'workspace')}
  await mkdir(scope.cliRoot)
  await writeFile(path.join(scope.cliRoot, 'package.json'), '{"name": "lillycoder", "version": "1.0.0"}')
  const plugin = path.join(root, 'plugin')
  await mkdir(path.join(plugin, 'hooks'), {recursive: true})
  await mkdir(path.join(plugin, 'lib'))
  await mkdir(path.join(plugin, 'node_modules', 'dep'), {recursive: true})
  await writeFile(path.join(plugin, 'package.json'), '{"name": "p"}')
  await writeFile(path.join(plugin, 'hooks', 'tools.js'), 'export default () => []')
  await writeFile(path.join(plugin, 'lib', 'tool.js'), 'export const a = 1')
  await writeFile(path.join(plugin, 'node_modules', 'dep', 'index.js'), 'module.exports = 1')
  linked = {name: 'p', type: 'link', root: plugin, hooks: [path.join(plugin, 'hooks', 'tools.js')]}
})

afterEach(async () => {
  await rm(root, {recursive: true, force: true})
})

describe('computeFingerprint', () => {
  test.each<[string, string, boolean]>([
    ['a file deep in a linked plugin', 'lib/tool.js', true],
    ['the hook', 'hooks/tools.js', true],
    ['the package.json', 'package.json', true],
    ['a file in its node_modules', 'node_modules/dep/index.js', false],
  ])('editing %s (%s) changes it: %s', async (_name, file, changes) => {
    const before = computeFingerprint(scope, [linked])
    await writeFile(path.join(linked.root, file), 'changed, and longer than before')
    expect(computeFingerprint(scope, [linked]) !== before).toBe(changes)
  })

  test.each<[string, (s: CacheScope) => CacheScope]>([
    ['workspace', (s) => ({...s, workspace: `${s.workspace}2`})],
    ['data dir', (s) => ({...s, dataDir: `${s.dataDir}2`})],
  ])('a different %s is a different fingerprint', (_name, change) => {
    expect(computeFingerprint(change(scope), [linked])).not.toBe(computeFingerprint(scope, [linked]))
  })

  test('the user plugin manifest appearing changes it', async () => {
    const before = computeFingerprint(scope, [])
    await mkdir(scope.dataDir)
    await writeFile(path.join(scope.dataDir, 'package.json'), '{}')
    expect(computeFingerprint(scope, [])).not.toBe(before)
  })

  test('a missing hook file or package.json: none', async () => {
    expect(computeFingerprint(scope, [{...linked, hooks: [path.join(linked.root, 'hooks', 'gone.js')]}])).toBeUndefined()
    expect(computeFingerprint(scope, [{...linked, type: 'user', root: path.join(root, 'nowhere'), hooks: []}])).toBeUndefined()
  })

  test('a linked plugin with more files than are worth walking: none', async () => {
    const many = path.join(linked.root, 'many')
    await mkdir(many)
    await Promise.all(Array.from({length: 2001}, (_, index) => writeFile(path.join(many, `${index}.js`), '')))
    expect(computeFingerprint(scope, [linked])).toBeUndefined()
    expect(computeFingerprint(scope, [{...linked, type: 'user'}])).toBeDefined()
  })
})

describe('read, write, validate', () => {
  const content = () => ({
    fingerprint: computeFingerprint(scope, [linked]) as string,
    plugins: [linked],
    tools: [{name: 't', description: 'T.', mutates: false, source: 'p', parameters: {type: 'object' as const, properties: {}, additionalProperties: false as const}}],
    problems: ['plugin x: left out'],
  })

  test('what is written reads back, and is valid until a file changes', async () => {
    const dir = path.join(root, 'cache')
    expect(writeToolListCache(dir, content())).toBe(true)
    expect(readToolListCache(dir)).toEqual({format: 1, ...content()})
    expect(validToolListCache(dir, scope)?.tools).toHaveLength(1)
    await writeFile(path.join(linked.root, 'lib', 'tool.js'), 'export const a = 2 // edited')
    expect(validToolListCache(dir, scope)).toBeUndefined()
  })

  test.each([['{'], ['[]'], ['null'], ['{"format": 1}'], ['']])('%j is no cache', async (text) => {
    const dir = path.join(root, 'cache')
    await mkdir(dir)
    await writeFile(path.join(dir, 'tools.json'), text)
    expect(readToolListCache(dir)).toBeUndefined()
  })

  test('a directory that cannot be made: false, no throw', async () => {
    await writeFile(path.join(root, 'file'), '')
    expect(writeToolListCache(path.join(root, 'file', 'cache'), content())).toBe(false)
  })
})

test.each<[NodeJS.ProcessEnv, string]>([
  [{HOME: '/h', XDG_CACHE_HOME: '/c'}, '/c/lillycoder'],
  [{HOME: '/h'}, '/h/.cache/lillycoder'],
  [{HOME: '/h', XDG_CACHE_HOME: 'relative'}, '/h/.cache/lillycoder'],
])('toolCacheDir(%j) = %s', (env, expected) => {
  expect(toolCacheDir(env)).toBe(expected)
})

test.each<[NodeJS.ProcessEnv, string]>([
  [{HOME: '/h', LILLYCODER_DATA_DIR: '/d', XDG_DATA_HOME: '/x'}, '/d'],
  [{HOME: '/h', XDG_DATA_HOME: '/x'}, '/x/lillycoder'],
  [{HOME: '/h'}, '/h/.local/share/lillycoder'],
])('oclifDataDir(%j) = %s', (env, expected) => {
  expect(oclifDataDir(env)).toBe(expected)
})
