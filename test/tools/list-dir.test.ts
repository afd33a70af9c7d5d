import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'

import listDir, {MAX_ENTRIES} from '../../src/plugins/builtin-tools/list-dir.js'
import {createToolContext} from '../../src/runtime/agent/tool-context.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'
import {makeSearchFixture, type SearchFixture} from './search-fixture.js'
import {runTool} from './temp-workspace.js'

let fixture: SearchFixture
beforeEach(async () => {
  fixture = await makeSearchFixture()
})
afterEach(async () => {
  await fixture.remove()
})

const list = (args: Record<string, unknown>, signal = new AbortController().signal) => runTool(listDir, args, createToolContext(fixture.root, signal))

describe('list_dir', () => {
  test('is read-only and targets its path, "." by default', () => {
    expect(listDir.name).toBe('list_dir')
    expect(listDir.mutates).toBe(false)
    expect(listDir.targets(listDir.parameters.parse({}))).toEqual([{kind: 'path', path: '.'}])
  })

  test('depth 1 lists everything but .git, ignored entries included; directories end in /', async () => {
    expect((await list({})).text.split('\n')).toEqual([
      '.github/', '.gitignore', '.hidden-file', '.ignore', 'README.md', 'a/', 'a-b.txt', 'app.log', 'binary.bin', 'crlf.txt', 'dist/',
      'excluded-by-info.txt', 'ignored-by-dot-ignore.txt', 'keep.log', 'long.txt', 'node_modules/', 'src/', 'unicode/',
    ])
  })

  test('a subdirectory lists with workspace-relative paths', async () => {
    expect((await list({path: 'src/lib'})).text).toBe('src/lib/local.ts\nsrc/lib/util.ts')
  })

  test('depth 2 goes one level down and leaves out what .gitignore lists', async () => {
    expect((await list({path: 'src', depth: 2})).text.split('\n')).toEqual([
      'src/.gitignore', 'src/app.ts', 'src/build.ts', 'src/dist/', 'src/dist/real.ts', 'src/important.tmp', 'src/lib/', 'src/lib/local.ts', 'src/lib/util.ts',
    ])
  })

  test('depth is at most 5', () => {
    expect(listDir.parameters.safeParse({depth: 6}).success).toBe(false)
    expect(listDir.parameters.parse({}).depth).toBe(1)
  })

  test('an empty directory says so', async () => {
    await fs.mkdir(fixture.at('empty'))
    expect((await list({path: 'empty'})).text).toBe('empty is empty.')
  })

  test('caps the list and counts the rest', async () => {
    for (let file = 0; file < MAX_ENTRIES + 3; file++) await fixture.write(`big/f${String(file).padStart(4, '0')}`, '')
    const lines = (await list({path: 'big'})).text.split('\n')
    expect(lines).toHaveLength(MAX_ENTRIES + 1)
    expect(lines.at(-1)).toBe('… 3 more entries not shown; list a subdirectory or use a smaller depth')
  })

  test('a missing path is a ToolError', async () => {
    await expect(list({path: 'gone'})).rejects.toMatchObject({what: 'gone does not exist'})
  })

  test('a file is a ToolError that points to read_file', async () => {
    const error = await list({path: 'src/app.ts'}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).hint).toMatch(/read_file/)
  })

  test('an aborted call stops', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(list({}, controller.signal)).rejects.toMatchObject({name: 'AbortError'})
  })
})
