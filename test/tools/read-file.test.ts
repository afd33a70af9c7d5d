import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'

import readFile, {MAX_BYTES, MAX_LINES} from '../../src/plugins/builtin-tools/read-file.js'
import {createToolContext} from '../../src/runtime/agent/tool-context.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'
import {makeWorkspace, runTool, type TempWorkspace} from './temp-workspace.js'

let ws: TempWorkspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.remove()
})

const numberedFile = (count: number, width = 0) =>
  Array.from({length: count}, (_, i) => `line ${i + 1}`.padEnd(width, '.')).join('\n') + '\n'

describe('read_file', () => {
  test('declares itself read-only and targets its path', () => {
    expect(readFile.name).toBe('read_file')
    expect(readFile.mutates).toBe(false)
    expect(readFile.targets(readFile.parameters.parse({path: 'a.txt'}))).toEqual([{kind: 'path', path: 'a.txt'}])
  })

  test('returns every line with its number and a tab', async () => {
    await ws.write('src/app.js', 'const a = 1\n\nconsole.log(a)\n')
    const result = await runTool(readFile, {path: 'src/app.js'}, ws.ctx)
    expect(result.text).toBe('    1\tconst a = 1\n    2\t\n    3\tconsole.log(a)')
    expect(result.data).toMatchObject({firstLine: 1, lastLine: 3, nextOffset: undefined})
  })

  test('CRLF lines come back without the CR', async () => {
    await ws.write('win.txt', 'a\r\nb\r\n')
    expect((await runTool(readFile, {path: 'win.txt'}, ws.ctx)).text).toBe('    1\ta\n    2\tb')
  })

  test('offset and limit page through the file and say where to go on', async () => {
    await ws.write('ten.txt', numberedFile(10))
    const result = await runTool(readFile, {path: 'ten.txt', offset: 3, limit: 2}, ws.ctx)
    expect(result.text).toBe('    3\tline 3\n    4\tline 4\n(Showing lines 3-4. To read on, call read_file with offset 5.)')
    expect(result.data).toMatchObject({nextOffset: 5})
  })

  test('a page that reaches the end has no footer', async () => {
    await ws.write('ten.txt', numberedFile(10))
    expect((await runTool(readFile, {path: 'ten.txt', offset: 9, limit: 5}, ws.ctx)).text).toBe('    9\tline 9\n   10\tline 10')
  })

  test(`a 300,000-line file stops at ${MAX_LINES} lines and names the next offset`, async () => {
    await ws.write('huge.log', numberedFile(300_000))
    const result = await runTool(readFile, {path: 'huge.log'}, ws.ctx)
    const lines = result.text.split('\n')
    expect(lines).toHaveLength(MAX_LINES + 1)
    expect(lines[MAX_LINES - 1]).toBe(` ${MAX_LINES}\tline ${MAX_LINES}`)
    expect(lines[MAX_LINES]).toBe(`(Showing lines 1-${MAX_LINES} (a page holds at most ${MAX_LINES} lines). To read on, call read_file with offset ${MAX_LINES + 1}.)`)

    const tail = await runTool(readFile, {path: 'huge.log', offset: 299_999}, ws.ctx)
    expect(tail.text).toBe('299999\tline 299999\n300000\tline 300000')
  })

  test('a limit above the cap is held to the cap', async () => {
    await ws.write('big.txt', numberedFile(MAX_LINES + 500))
    const result = await runTool(readFile, {path: 'big.txt', limit: MAX_LINES + 100}, ws.ctx)
    expect(result.data).toMatchObject({lastLine: MAX_LINES, nextOffset: MAX_LINES + 1})
  })

  test('wide lines stop the page at 256 KB, and the next offset continues exactly there', async () => {
    await ws.write('wide.txt', numberedFile(1500, 400))
    const first = await runTool(readFile, {path: 'wide.txt'}, ws.ctx)
    const body = first.text.slice(0, first.text.lastIndexOf('\n('))
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BYTES)
    expect(first.text).toContain('(a page holds at most 256 KB)')
    const next = first.data?.nextOffset
    expect(typeof next).toBe('number')
    expect(next).toBeLessThan(1500)

    const second = await runTool(readFile, {path: 'wide.txt', offset: next, limit: 1}, ws.ctx)
    expect(second.text.startsWith(`${String(next).padStart(5)}\tline ${next}.`)).toBe(true)
    expect(body.split('\n').at(-1)?.startsWith(`${String(Number(next) - 1).padStart(5)}\t`)).toBe(true)
  })

  test('a very long line is cut and says how much is left', async () => {
    await ws.write('min.js', `${'x'.repeat(2500)}\n`)
    expect((await runTool(readFile, {path: 'min.js'}, ws.ctx)).text).toBe(`    1\t${'x'.repeat(2000)} […500 more characters on this line]`)
  })

  test('an empty file says it is empty', async () => {
    await ws.write('empty.txt', '')
    expect((await runTool(readFile, {path: 'empty.txt'}, ws.ctx)).text).toBe('empty.txt is empty (0 bytes).')
  })

  test('an offset past the end says how many lines there are', async () => {
    await ws.write('three.txt', 'a\nb\nc\n')
    await expect(runTool(readFile, {path: 'three.txt', offset: 10}, ws.ctx)).rejects.toThrow(
      'offset 10 is past the end of three.txt. The file has 3 lines. Hint: use an offset from 1 to 3.',
    )
  })

  const refusals: Array<[name: string, setup: (ws: TempWorkspace) => Promise<unknown>, path: string, message: RegExp]> = [
    ['missing file', async () => undefined, 'nope.txt', /^nope\.txt does not exist\..*Hint: check the path/],
    ['directory', (w) => fs.mkdir(w.at('src')), 'src', /^src is a directory\..*Hint: use list_dir/],
    ['binary file', (w) => w.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2])), 'logo.png', /^logo\.png is a binary file \(10 B\)\. It contains NUL bytes/],
    [
      'UTF-16 file',
      (w) => w.write('notes.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi\n', 'utf16le')])),
      'notes.txt',
      /^notes\.txt is not UTF-8 text \(8 B\)\. It is UTF-16LE text .*Hint: convert a copy first, e\.g\. `iconv -f UTF-16 -t UTF-8 FILE`/,
    ],
  ]
  test.each(refusals)('refuses a %s with a ToolError', async (_name, setup, path, message) => {
    await setup(ws)
    const error = await runTool(readFile, {path}, ws.ctx).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).message).toMatch(message)
  })

  test('an aborted call stops', async () => {
    await ws.write('a.txt', 'a\n')
    const controller = new AbortController()
    controller.abort()
    const ctx = createToolContext(ws.root, controller.signal)
    await expect(runTool(readFile, {path: 'a.txt'}, ctx)).rejects.toThrow(/abort/i)
  })

  test.each([
    [{path: 'a', offset: 0}],
    [{path: 'a', limit: 0}],
    [{path: 'a', offset: 1.5}],
    [{path: 'a', offset: '3'}],
    [{path: ''}],
    [{}],
  ])('the schema rejects %j', (args) => {
    expect(readFile.parameters.safeParse(args).success).toBe(false)
  })

  test('~ is the home the context was given, as the policy engine reads it', async () => {
    await ws.write('home/notes.txt', 'from home\n')
    const ctx = createToolContext(ws.root, new AbortController().signal, ws.at('home'))
    expect((await runTool(readFile, {path: '~/notes.txt'}, ctx)).text).toBe('    1\tfrom home')
  })

  test('~user is refused, as the policy refuses it, not read as a folder named ~user in the workspace', async () => {
    await ws.write('~bob/notes.txt', 'not bob\'s\n')
    const error = await runTool(readFile, {path: '~bob/notes.txt'}, ws.ctx).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).message).toContain('~user paths are not expanded')
  })
})
