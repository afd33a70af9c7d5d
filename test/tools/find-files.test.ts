import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import findFiles, {MAX_FILES} from '../../src/plugins/builtin-tools/find-files.js'
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

const find = (args: Record<string, unknown>, signal = new AbortController().signal) => runTool(findFiles, args, createToolContext(fixture.root, signal))

describe('find_files', () => {
  test('is read-only and targets its path', () => {
    expect(findFiles.name).toBe('find_files')
    expect(findFiles.mutates).toBe(false)
    expect(findFiles.targets(findFiles.parameters.parse({pattern: '*.ts', path: 'src'}))).toEqual([{kind: 'path', path: 'src'}])
  })

  test.each([
    ['*.ts', undefined, ['src/app.ts', 'src/build.ts', 'src/dist/real.ts', 'src/lib/local.ts', 'src/lib/util.ts', 'src/local.ts']],
    ['src/lib/*.ts', undefined, ['src/lib/local.ts', 'src/lib/util.ts']],
    ['src/**/*.ts', 'src', ['src/app.ts', 'src/build.ts', 'src/dist/real.ts', 'src/lib/local.ts', 'src/lib/util.ts', 'src/local.ts']],
    ['lib/*.ts', 'src', ['src/lib/local.ts', 'src/lib/util.ts']],
    ['*.{yml,md}', undefined, ['.github/workflows/ci.yml', 'README.md']],
    ['*.txt', 'unicode', ['unicode/ümlaut.txt']],
    ['.git*', undefined, ['.gitignore', 'src/.gitignore']],
  ])('%s in %s', async (pattern, path, expected) => {
    expect((await find({pattern, path})).text).toBe(expected.join('\n'))
  })

  test('files in ignored directories and in .git are not found', async () => {
    const text = (await find({pattern: '*.js'})).text
    expect(text).not.toContain('node_modules/pkg/index.js')
    expect(text).not.toContain('dist/out.js')
    expect((await find({pattern: 'HEAD'})).text).toBe('No files match "HEAD" in ..')
  })

  test('no match says so plainly', async () => {
    const result = await find({pattern: '*.rs', path: 'src'})
    expect(result.text).toBe('No files match "*.rs" in src.')
    expect(result.data).toEqual({files: [], total: 0})
  })

  test('caps the list and counts the rest', async () => {
    for (let file = 0; file < MAX_FILES + 20; file++) await fixture.write(`gen/f${String(file).padStart(4, '0')}.txt`, '')
    const result = await find({pattern: 'gen/*.txt'})
    const lines = result.text.split('\n')
    expect(lines).toHaveLength(MAX_FILES + 1)
    expect(lines[0]).toBe('gen/f0000.txt')
    expect(lines[MAX_FILES - 1]).toBe(`gen/f${String(MAX_FILES - 1).padStart(4, '0')}.txt`)
    expect(lines[MAX_FILES]).toBe('… 20 more files not shown; narrow the pattern or path')
    expect(result.data?.total).toBe(MAX_FILES + 20)
  })

  test('a missing path is a ToolError', async () => {
    await expect(find({pattern: '*', path: 'nowhere'})).rejects.toMatchObject({what: 'nowhere does not exist'})
  })

  test('a file as path is a ToolError that says what to do', async () => {
    const error = await find({pattern: '*', path: 'README.md'}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).what).toBe('README.md is a file, not a directory')
  })

  test('an aborted call stops', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(find({pattern: '*'}, controller.signal)).rejects.toMatchObject({name: 'AbortError'})
  })
})
