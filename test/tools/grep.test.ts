import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'

import grep from '../../src/plugins/builtin-tools/grep.js'
import {MAX_COUNTED} from '../../src/runtime/search/grep-request.js'
import {findRipgrep} from '../../src/runtime/search/ripgrep-binary.js'
import {createToolContext} from '../../src/runtime/agent/tool-context.js'
import type {ToolResult} from '../../src/runtime/tools/tool-declaration.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'
import {runTool} from './temp-workspace.js'
import {fakeRipgrep, makeSearchFixture, type SearchFixture} from './search-fixture.js'

const savedSetting = process.env.LILLYCODER_RG
let ripgrep: string
beforeAll(async () => {
  // The parity tests are the point of this file: without rg they must fail, not pass quietly.
  const found = await findRipgrep({PATH: process.env.PATH})
  if (!found) throw new Error('rg is not on PATH; install ripgrep to run the grep tests')
  ripgrep = found
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

function grepWith(engine: 'ripgrep' | 'javascript', args: Record<string, unknown>, signal = new AbortController().signal, workspace = fixture.root): Promise<ToolResult> {
  process.env.LILLYCODER_RG = engine === 'ripgrep' ? ripgrep : '0'
  return runTool(grep, args, createToolContext(workspace, signal))
}

const LONG_LINE_EXCERPT = `[…1900 chars] ${'x'.repeat(100)}needle${'y'.repeat(394)} […606 more chars]`

describe('grep declaration', () => {
  test('is read-only and targets its path, the workspace by default', () => {
    expect(grep.name).toBe('grep')
    expect(grep.mutates).toBe(false)
    expect(grep.targets(grep.parameters.parse({pattern: 'x'}))).toEqual([{kind: 'path', path: '.'}])
    expect(grep.targets(grep.parameters.parse({pattern: 'x', path: 'src'}))).toEqual([{kind: 'path', path: 'src'}])
  })

  test('max_results is at most 1000', () => {
    expect(grep.parameters.safeParse({pattern: 'x', max_results: 1001}).success).toBe(false)
    expect(grep.parameters.parse({pattern: 'x'}).max_results).toBe(100)
  })
})

describe.each(['ripgrep', 'javascript'] as const)('grep with %s', (engine) => {
  test('finds every visible match: ignored, binary and .git files are skipped; paths sorted, long lines cut', async () => {
    const result = await grepWith(engine, {pattern: 'needle'})
    expect(result.data?.engine).toBe(engine)
    expect(result.text.split('\n')).toEqual([
      '.github/workflows/ci.yml:1:run: echo needle in ci',
      '.hidden-file:1:needle hidden',
      'README.md:1:A needle in the readme',
      'a/b.txt:1:needle slash',
      'a-b.txt:1:needle dash',
      'crlf.txt:1:needle crlf;',
      'keep.log:1:needle in a kept log',
      `long.txt:1:${LONG_LINE_EXCERPT}`,
      'src/app.ts:1:const needle = 1',
      'src/app.ts:2:function find(needle: string) {',
      'src/app.ts:3:  return needle',
      'src/build.ts:1:needle: build/ only ignores directories',
      'src/dist/real.ts:1:needle: /dist is anchored to the root',
      'src/important.tmp:1:needle important tmp',
      'src/lib/local.ts:1:needle lib local',
      "src/lib/util.ts:1:export const needle = 'x'",
      'unicode/ümlaut.txt:1:needle ü',
    ])
    expect(result.data?.total).toBe(17)
  })

  test('path narrows the search to a directory', async () => {
    expect((await grepWith(engine, {pattern: 'needle', path: 'src/lib'})).text).toBe("src/lib/local.ts:1:needle lib local\nsrc/lib/util.ts:1:export const needle = 'x'")
  })

  test('a file given as path is searched even when .gitignore lists it', async () => {
    expect((await grepWith(engine, {pattern: 'needle', path: 'app.log'})).text).toBe('app.log:1:needle in an ignored log')
  })

  test('glob picks files by name at any depth', async () => {
    const result = await grepWith(engine, {pattern: 'needle', glob: '*.{yml,md}'})
    expect(result.text).toBe('.github/workflows/ci.yml:1:run: echo needle in ci\nREADME.md:1:A needle in the readme')
  })

  test('ignore_case matches either case', async () => {
    expect((await grepWith(engine, {pattern: 'NEEDLE', path: 'README.md'})).text).toBe('README.md:2:NEEDLE in capitals')
    expect((await grepWith(engine, {pattern: 'NEEDLE', path: 'README.md', ignore_case: true})).text).toBe('README.md:1:A needle in the readme\nREADME.md:2:NEEDLE in capitals')
  })

  test('$ matches before the CR of a CRLF line', async () => {
    expect((await grepWith(engine, {pattern: 'crlf;$'})).text).toBe('crlf.txt:1:needle crlf;')
  })

  test('caps the output and counts what was left out', async () => {
    for (let file = 1; file <= 30; file++) {
      await fixture.write(`many/f${String(file).padStart(2, '0')}.txt`, Array.from({length: 10}, (_, line) => `hit ${file}.${line + 1}`).join('\n'))
    }
    const result = await grepWith(engine, {pattern: '^hit', max_results: 5})
    expect(result.text.split('\n')).toEqual(['many/f01.txt:1:hit 1.1', 'many/f01.txt:2:hit 1.2', 'many/f01.txt:3:hit 1.3', 'many/f01.txt:4:hit 1.4', 'many/f01.txt:5:hit 1.5', '… 295 more matches not shown; narrow with path or glob'])
    expect(result.data?.total).toBe(300)
  })

  test('counting stops at 100,000 matching lines and says "at least"', async () => {
    await fixture.write('huge.txt', 'hit\n'.repeat(MAX_COUNTED + 50))
    const result = await grepWith(engine, {pattern: '^hit$', path: 'huge.txt', max_results: 2})
    expect(result.text).toBe(`huge.txt:1:hit\nhuge.txt:2:hit\n… at least ${MAX_COUNTED - 2} more matches not shown; narrow with path or glob`)
    expect(result.data?.total).toBe(MAX_COUNTED)
  })

  test('the cap keeps the first lines in path order however the files are spread', async () => {
    // Many directories and files: a parallel ripgrep reports them in any order.
    for (let file = 0; file < 60; file++) await fixture.write(`spread/d${file % 9}/f${String(file).padStart(2, '0')}.txt`, 'hit one\nhit two\n')
    const result = await grepWith(engine, {pattern: '^hit', path: 'spread', max_results: 5})
    expect(result.text.split('\n')).toEqual([
      'spread/d0/f00.txt:1:hit one', 'spread/d0/f00.txt:2:hit two', 'spread/d0/f09.txt:1:hit one', 'spread/d0/f09.txt:2:hit two', 'spread/d0/f18.txt:1:hit one',
      '… 115 more matches not shown; narrow with path or glob',
    ])
  })

  test('when counting stops across many files, the lines shown are still the first in path order', async () => {
    const lines = 'hit\n'.repeat(Math.ceil(MAX_COUNTED / 8) + 10)
    for (const directory of ['h', 'g', 'f', 'e', 'd', 'c', 'b', 'a']) await fixture.write(`huge/${directory}/lines.txt`, lines)
    const result = await grepWith(engine, {pattern: '^hit$', path: 'huge', max_results: 2})
    expect(result.text).toBe(`huge/a/lines.txt:1:hit\nhuge/a/lines.txt:2:hit\n… at least ${MAX_COUNTED - 2} more matches not shown; narrow with path or glob`)
    expect(result.data?.total).toBe(MAX_COUNTED)
  })

  test('a directory outside the workspace is searched with ../ paths', async () => {
    const result = await grepWith(engine, {pattern: 'needle', path: '../../a'}, undefined, fixture.at('src/lib'))
    expect(result.text).toBe('../../a/b.txt:1:needle slash')
  })

  test('no match is an answer, not an error', async () => {
    expect((await grepWith(engine, {pattern: 'nothing-like-this', glob: '*.ts'})).text).toBe('No matches for "nothing-like-this" in . (files matching *.ts).')
  })

  test('a binary file given as path is named, not searched', async () => {
    expect((await grepWith(engine, {pattern: 'needle', path: 'binary.bin'})).text).toBe('binary.bin is a binary file; grep searches text files only.')
  })

  test('an invalid regular expression is a ToolError with a hint', async () => {
    const error = await grepWith(engine, {pattern: 'find(needle'}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).what).toBe('invalid regular expression "find(needle"')
    expect((error as ToolError).hint).toMatch(/backslash/)
  })

  test('a missing path is a ToolError', async () => {
    const error = await grepWith(engine, {pattern: 'x', path: 'nope/missing'}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).what).toBe('nope/missing does not exist')
  })

  test('an aborted call stops with an AbortError', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(grepWith(engine, {pattern: 'needle'}, controller.signal)).rejects.toMatchObject({name: 'AbortError'})
  })
})

test('a pattern ripgrep cannot run (lookbehind) is searched in JavaScript', async () => {
  const result = await grepWith('ripgrep', {pattern: '(?<=const )needle', path: 'src'})
  expect(result.data?.engine).toBe('javascript')
  expect(result.text).toBe("src/app.ts:1:const needle = 1\nsrc/lib/util.ts:1:export const needle = 'x'")
})

test('an rg that cannot be started falls back to JavaScript', async () => {
  process.env.LILLYCODER_RG = fixture.at('no-such-rg')
  const result = await runTool(grep, {pattern: 'needle', path: 'src/lib'}, createToolContext(fixture.root, new AbortController().signal))
  expect(result.data?.engine).toBe('javascript')
  expect(result.text).toBe("src/lib/local.ts:1:needle lib local\nsrc/lib/util.ts:1:export const needle = 'x'")
})

test.each([
  ['crashes mid-way', 'printf \'{"type":"begin","data":{"path":{"text":"./zzz"}}}\\n\'; kill -9 $$'],
  ['fails with an unknown exit code', 'exit 3'],
])('an rg that %s falls back to JavaScript', async (_name, script) => {
  const fake = await fakeRipgrep(script)
  try {
    process.env.LILLYCODER_RG = fake.path
    const result = await runTool(grep, {pattern: 'needle', path: 'src/lib'}, createToolContext(fixture.root, new AbortController().signal))
    expect(result.data?.engine).toBe('javascript')
    expect(result.text).toBe("src/lib/local.ts:1:needle lib local\nsrc/lib/util.ts:1:export const needle = 'x'")
  } finally {
    await fake.remove()
  }
})

test('when counting stops before ripgrep reported every file, the lines shown come from a sorted run', async () => {
  // Unsorted, this rg reports b.txt first and stops counting before a.txt; sorted, a.txt comes first.
  const program = `
    const file = process.argv.includes('--sort') ? 'a.txt' : 'b.txt'
    const path = {text: './' + file}
    const lines = [JSON.stringify({type: 'begin', data: {path}})]
    for (let line = 1; line <= ${MAX_COUNTED + 5}; line++) lines.push(JSON.stringify({type: 'match', data: {path, lines: {text: 'hit ' + file + '\\n'}, line_number: line}}))
    process.stdout.write(lines.join('\\n') + '\\n')
  `
  const fake = await fakeRipgrep('', program)
  try {
    process.env.LILLYCODER_RG = fake.path
    const result = await runTool(grep, {pattern: 'hit', max_results: 2}, createToolContext(fixture.root, new AbortController().signal))
    expect(result.data?.engine).toBe('ripgrep')
    expect(result.text).toBe(`a.txt:1:hit a.txt\na.txt:2:hit a.txt\n… at least ${MAX_COUNTED - 2} more matches not shown; narrow with path or glob`)
  } finally {
    await fake.remove()
  }
})

test('a glob ripgrep rejects is searched in JavaScript, with git\'s reading of it', async () => {
  await fixture.write('[x.txt', 'needle in a bracket file\n')
  const unclosed = await grepWith('ripgrep', {pattern: 'needle', glob: '[x.txt'})
  expect(unclosed.data?.engine).toBe('javascript')
  // As in a .gitignore, a [ that is never closed makes the glob match nothing; escaped, it is the character.
  expect(unclosed.text).toBe('No matches for "needle" in . (files matching [x.txt).')
  expect((await grepWith('ripgrep', {pattern: 'needle', glob: '\\[x.txt'})).text).toBe('[x.txt:1:needle in a bracket file')
})

// The same question to both engines must get the same answer, word for word.
describe.each([
  ['in a git repository', false],
  ['outside any repository', true],
])('parity of ripgrep and JavaScript %s', (_name, removeGit) => {
  beforeEach(async () => {
    if (removeGit) await fs.rm(fixture.at('.git'), {recursive: true})
    for (let file = 1; file <= 12; file++) await fixture.write(`many/f${String(file).padStart(2, '0')}.txt`, 'needle\nnothing\nneedle again\n'.repeat(5))
    await fixture.write('src/.ignore', '!generated/\n')
    await fixture.write('bom.txt', '\uFEFFneedle after a BOM\n')
    await fixture.write('utf16.txt', Buffer.from('\uFEFFneedle in UTF-16\n', 'utf16le'))
    await fixture.write('late-nul.txt', `needle early\n${'filler line\n'.repeat(8000)}\0needle after NUL\n`)
    await fixture.write('no-newline-at-end.txt', 'first\nneedle last')
    // Names ripgrep's text output writes in a way that could be misread (an escape, a tab, a colon).
    await fixture.write('lit\\x41.txt', 'needle in a name with a backslash\n')
    await fixture.write('tab\tname.txt', 'needle in a name with a tab\n')
    await fixture.write('colon:name.txt', 'needle:in a name with a colon\n')
    // Neither engine follows symlinks: a loop is harmless, a link to a file is not searched twice.
    await fs.symlink('.', fixture.at('src/lib/loop'))
    await fs.symlink('../README.md', fixture.at('src/readme-link.md'))
  })

  const cases: Array<[string, Record<string, unknown>]> = [
    ['needle', {}],
    ['needle', {max_results: 1000}],
    ['needle', {max_results: 7}],
    ['needle', {path: 'src'}],
    ['needle', {path: 'many', max_results: 3}],
    ['needle', {glob: '*.ts'}],
    ['needle', {glob: '!*.txt'}],
    ['needle', {glob: 'lib/*.ts', path: 'src'}],
    ['needle', {glob: '*.{log,tmp}'}],
    ['needle', {path: 'node_modules'}],
    ['needle', {path: 'app.log'}],
    ['NEEDLE', {ignore_case: true}],
    ['^\\s*return', {}],
    ['\\bneedle\\b', {}],
    ['needle \\w+$', {}],
    [';$', {}],
    ['ü', {}],
    ['x{3}needle', {}],
    ['const|function', {}],
    ['class Foo {', {}],
    ['^$', {max_results: 1000}],
    ['.', {max_results: 1000}],
    ['[^\\x00-\\x7f]', {}],
    ['needle (in|after)', {}],
  ]
  test.each(cases)('%s %j', async (pattern, options) => {
    const args = {pattern, ...options}
    const viaRipgrep = await grepWith('ripgrep', args)
    const viaJavaScript = await grepWith('javascript', args)
    expect(viaRipgrep.data?.engine).toBe('ripgrep')
    expect(viaJavaScript.data?.engine).toBe('javascript')
    expect(viaRipgrep.text).toBe(viaJavaScript.text)
    expect(viaRipgrep.data?.total).toBe(viaJavaScript.data?.total)
  })
})
