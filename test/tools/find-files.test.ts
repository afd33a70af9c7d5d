import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import fs from 'node:fs/promises'

import findFiles, {MAX_FILES} from '../../src/plugins/builtin-tools/find-files.js'
import {createToolContext} from '../../src/runtime/agent/tool-context.js'
import type {ToolResult} from '../../src/runtime/tools/tool-declaration.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'
import {fakeRipgrep, installedRipgrep, makeSearchFixture, type SearchEngine, type SearchFixture} from './search-fixture.js'
import {runTool} from './temp-workspace.js'

const savedSetting = process.env.LILLYCODER_RG
let ripgrep: string
beforeAll(async () => {
  ripgrep = await installedRipgrep()
})
afterAll(() => {
  if (savedSetting === undefined) delete process.env.LILLYCODER_RG
  else process.env.LILLYCODER_RG = savedSetting
})

let fixture: SearchFixture
beforeEach(async () => {
  fixture = await makeSearchFixture()
})
afterEach(async () => {
  await fixture.remove()
})

function findWith(engine: SearchEngine | {rg: string}, args: Record<string, unknown>, options: {signal?: AbortSignal; workspace?: string} = {}): Promise<ToolResult> {
  process.env.LILLYCODER_RG = typeof engine === 'object' ? engine.rg : engine === 'ripgrep' ? ripgrep : '0'
  return runTool(findFiles, args, createToolContext(options.workspace ?? fixture.root, options.signal ?? new AbortController().signal))
}

test('is read-only and targets its path', () => {
  expect(findFiles.name).toBe('find_files')
  expect(findFiles.mutates).toBe(false)
  expect(findFiles.targets(findFiles.parameters.parse({pattern: '*.ts', path: 'src'}))).toEqual([{kind: 'path', path: 'src'}])
})

describe.each(['ripgrep', 'javascript'] as const)('find_files with %s', (engine) => {
  const find = (args: Record<string, unknown>, signal?: AbortSignal) => findWith(engine, args, {signal})

  test.each([
    ['*.ts', undefined, ['src/app.ts', 'src/build.ts', 'src/dist/real.ts', 'src/lib/local.ts', 'src/lib/util.ts', 'src/local.ts']],
    ['src/lib/*.ts', undefined, ['src/lib/local.ts', 'src/lib/util.ts']],
    ['src/**/*.ts', 'src', ['src/app.ts', 'src/build.ts', 'src/dist/real.ts', 'src/lib/local.ts', 'src/lib/util.ts', 'src/local.ts']],
    ['lib/*.ts', 'src', ['src/lib/local.ts', 'src/lib/util.ts']],
    ['*.{yml,md}', undefined, ['.github/workflows/ci.yml', 'README.md']],
    ['*.txt', 'unicode', ['unicode/ümlaut.txt']],
    ['.git*', undefined, ['.gitignore', 'src/.gitignore']],
    // As with rg -g, a file the glob names is listed even when .gitignore, .ignore or info/exclude lists it.
    ['*.txt', undefined, ['a/b.txt', 'a-b.txt', 'crlf.txt', 'excluded-by-info.txt', 'ignored-by-dot-ignore.txt', 'long.txt', 'unicode/ümlaut.txt']],
  ])('%s in %s', async (pattern, path, expected) => {
    const result = await find({pattern, path})
    expect(result.data?.engine).toBe(engine)
    expect(result.text).toBe(expected.join('\n'))
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
    expect(result.data).toEqual({files: [], total: 0, engine})
  })

  test('caps the list at the first paths in path order and counts the rest', async () => {
    // Spread over directories, so a parallel walk reports them in any order.
    for (let file = 0; file < MAX_FILES + 20; file++) await fixture.write(`gen/d${file % 7}/f${String(file).padStart(4, '0')}.txt`, '')
    const result = await find({pattern: 'gen/**/*.txt'})
    const lines = result.text.split('\n')
    expect(lines).toHaveLength(MAX_FILES + 1)
    const all = Array.from({length: MAX_FILES + 20}, (_, file) => `gen/d${file % 7}/f${String(file).padStart(4, '0')}.txt`).sort()
    expect(lines.slice(0, MAX_FILES)).toEqual(all.slice(0, MAX_FILES))
    expect(lines[MAX_FILES]).toBe('… 20 more files not shown; narrow the pattern or path')
    expect(result.data?.total).toBe(MAX_FILES + 20)
  })

  test('symlinks are not followed or listed, so a symlink loop is harmless; pipes are not files', async () => {
    await fs.symlink('README.md', fixture.at('readme-link.md'))
    await fs.symlink('src', fixture.at('src-link'))
    await fs.symlink('.', fixture.at('src/lib/loop'))
    await fs.symlink('missing', fixture.at('broken.md'))
    execFileSync('mkfifo', [fixture.at('pipe.md')])
    expect((await find({pattern: '*.md'})).text).toBe('README.md')
    expect((await find({pattern: '*.ts', path: 'src/lib'})).text).toBe('src/lib/local.ts\nsrc/lib/util.ts')
  })

  test('a path outside the workspace is listed with ../ paths', async () => {
    const result = await findWith(engine, {pattern: '*.txt', path: '../../a'}, {workspace: fixture.at('src/lib')})
    expect(result.text).toBe('../../a/b.txt')
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

describe('when ripgrep cannot answer, the walker does', () => {
  test('a glob ripgrep rejects is listed in JavaScript, with git\'s reading of it', async () => {
    await fixture.write('[x.txt', '')
    const unclosed = await findWith('ripgrep', {pattern: '[x.txt'})
    expect(unclosed.data?.engine).toBe('javascript')
    expect(unclosed.text).toBe('No files match "[x.txt" in ..')
    const escaped = await findWith('ripgrep', {pattern: '\\[x.txt'})
    expect(escaped.data?.engine).toBe('ripgrep')
    expect(escaped.text).toBe('[x.txt')
  })

  test.each([
    ['an rg that cannot be started', undefined],
    ['an rg that crashes mid-way', 'printf "./README.md\\000./src/a"; kill -9 $$'],
    ['an rg that fails with an unknown exit code', 'printf "./README.md\\000"; exit 3'],
    ['an rg that stops in the middle of a name', 'printf "./README.md\\000./src/app"; exit 0'],
  ])('%s', async (_name, script) => {
    const fake = script === undefined ? undefined : await fakeRipgrep(script)
    try {
      const result = await findWith({rg: fake?.path ?? fixture.at('no-such-rg')}, {pattern: '*.md'})
      expect(result.data?.engine).toBe('javascript')
      expect(result.text).toBe('README.md')
    } finally {
      await fake?.remove()
    }
  })
})

// The same question to both engines must get the same answer, word for word.
describe.each([
  ['in a git repository', false],
  ['outside any repository', true],
])('parity of ripgrep and JavaScript %s', (_name, removeGit) => {
  beforeEach(async () => {
    if (removeGit) await fs.rm(fixture.at('.git'), {recursive: true})
    for (let file = 1; file <= 12; file++) await fixture.write(`many/f${String(file).padStart(2, '0')}.txt`, 'x\n')
    await fixture.write('src/.ignore', '!generated/\n')
    await fixture.write('src/lib/.rgignore', 'util.ts\n')
    await fixture.write('name with spaces/and\nnewline.txt', '')
    await fixture.write('sub/repo/.git/HEAD', 'ref: refs/heads/main\n')
    await fixture.write('sub/repo/.gitignore', '*.md\n')
    await fixture.write('sub/repo/inner.md', '')
    await fixture.write('sub/repo/inner.txt', '')
  })

  const cases: Array<[string, string | undefined]> = [
    ['*', undefined],
    ['*.ts', undefined],
    ['!*.ts', undefined],
    ['*.{ts,md}', undefined],
    ['**/lib/*', undefined],
    ['src/**', undefined],
    ['*.log', undefined],
    ['*.tmp', 'src'],
    ['generated/*', 'src'],
    ['*', 'node_modules'],
    ['*', 'many'],
    ['f0[1-3].txt', 'many'],
    ['*new*', undefined],
    ['*', 'sub'],
    ['.*', undefined],
    ['*.bin', undefined],
  ]
  test.each(cases)('%s in %s', async (pattern, path) => {
    const viaRipgrep = await findWith('ripgrep', {pattern, path})
    const viaJavaScript = await findWith('javascript', {pattern, path})
    expect(viaRipgrep.data?.engine).toBe('ripgrep')
    expect(viaJavaScript.data?.engine).toBe('javascript')
    expect(viaRipgrep.text).toBe(viaJavaScript.text)
    expect(viaRipgrep.data?.total).toBe(viaJavaScript.data?.total)
  })
})
