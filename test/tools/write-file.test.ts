import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'

import writeFile from '../../src/plugins/builtin-tools/write-file.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'
import {countDiffs} from '../support/count-diffs.js'
import {makeWorkspace, previewTool, runTool, runToolFailure, type TempWorkspace, withOutside} from './temp-workspace.js'

const diffs = countDiffs()

let ws: TempWorkspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.remove()
})


describe('write_file', () => {
  test('declares itself mutating and targets its path', () => {
    expect(writeFile.name).toBe('write_file')
    expect(writeFile.mutates).toBe(true)
    expect(writeFile.targets(writeFile.parameters.parse({path: 'a.txt', content: ''}))).toEqual([{kind: 'path', path: 'a.txt'}])
  })

  test('creates a file in directories that do not exist yet', async () => {
    const args = {path: 'src/deep/new/index.js', content: 'export default 1\n'}
    // A new file's gate shows its content.
    expect(await previewTool(writeFile, args, ws.ctx)).toEqual({summary: 'src/deep/new/index.js (17 chars, new file)', content: 'export default 1\n'})
    const result = await runTool(writeFile, args, ws.ctx)
    expect(result.text).toBe('Created src/deep/new/index.js (17 chars, 1 line).')
    expect(await fs.readFile(ws.at('src/deep/new/index.js'), 'utf8')).toBe('export default 1\n')
    expect(await fs.readdir(ws.at('src/deep/new'))).toEqual(['index.js'])
  })

  test('overwriting previews the change as a diff, computed once', async () => {
    await ws.write('notes.txt', 'one\ntwo\nthree\n')
    diffs.count = 0
    const preview = await previewTool(writeFile, {path: 'notes.txt', content: 'one\n2\nthree\nfour\n'}, ws.ctx)
    expect(diffs.count).toBe(1)
    expect(preview.summary).toBe('notes.txt (17 chars, overwrites 3 lines: +2 −1)')
    expect(preview.diff).toContain('-two\n+2\n')
    expect(preview.diff).toContain('+four\n')
    expect(await fs.readFile(ws.at('notes.txt'), 'utf8')).toBe('one\ntwo\nthree\n')
  })

  test('overwriting keeps the mode and leaves no temp file', async () => {
    const file = await ws.write('run.sh', '#!/bin/sh\n')
    await fs.chmod(file, 0o755)
    const result = await runTool(writeFile, {path: 'run.sh', content: '#!/bin/sh\necho hi\n'}, ws.ctx)
    expect(result.text).toBe('Overwrote run.sh (18 chars, 2 lines).')
    expect((await fs.stat(file)).mode & 0o777).toBe(0o755)
    expect(await fs.readFile(file, 'utf8')).toBe('#!/bin/sh\necho hi\n')
    expect(await fs.readdir(ws.root)).toEqual(['run.sh'])
  })

  test('overwriting a CRLF file with LF content keeps CRLF', async () => {
    await ws.write('win.bat', '@echo off\r\necho 1\r\n')
    const result = await runTool(writeFile, {path: 'win.bat', content: '@echo off\necho 2\n'}, ws.ctx)
    expect(result.text).toContain('CRLF line endings kept')
    expect(await fs.readFile(ws.at('win.bat'), 'utf8')).toBe('@echo off\r\necho 2\r\n')
  })

  test('content with its own CRLFs is written as given', async () => {
    await ws.write('unix.txt', 'a\nb\n')
    await runTool(writeFile, {path: 'unix.txt', content: 'x\r\ny\r\n'}, ws.ctx)
    expect(await fs.readFile(ws.at('unix.txt'), 'utf8')).toBe('x\r\ny\r\n')
  })

  test('overwriting a binary file previews its size, not a diff', async () => {
    await ws.write('blob.bin', Buffer.from([0, 1, 2, 3]))
    expect(await previewTool(writeFile, {path: 'blob.bin', content: 'text'}, ws.ctx)).toEqual({
      summary: 'blob.bin (4 chars, overwrites a binary file of 4 B)',
    })
  })

  test('a directory at the path is refused and nothing is left behind', async () => {
    await fs.mkdir(ws.at('src'))
    await ws.write('src/keep.ts', 'keep')
    const error = await runTool(writeFile, {path: 'src', content: 'x'}, ws.ctx).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).what).toBe('src is a directory')
    expect(await fs.readdir(ws.root)).toEqual(['src'])
    expect(await fs.readdir(ws.at('src'))).toEqual(['keep.ts'])
  })

  test('a parent that is a file is a ToolError', async () => {
    await ws.write('plain', 'x')
    await expect(runTool(writeFile, {path: 'plain/child.txt', content: 'y'}, ws.ctx)).rejects.toThrow(ToolError)
    expect(await fs.readdir(ws.root)).toEqual(['plain'])
  })

  test('an empty content creates an empty file', async () => {
    await runTool(writeFile, {path: 'empty.txt', content: ''}, ws.ctx)
    expect(await fs.readFile(ws.at('empty.txt'), 'utf8')).toBe('')
  })

  test.each([[{path: 'a.txt'}], [{content: 'x'}], [{path: '', content: 'x'}], [{path: 'a', content: 5}]])(
    'the schema rejects %j',
    (args) => {
      expect(writeFile.parameters.safeParse(args).success).toBe(false)
    },
  )

  test('a folder swapped for a symlink to outside after the check: refused, nothing written outside', async () => {
    await withOutside(async (outside) => {
      await fs.mkdir(ws.at('sub'))
      const args = {path: 'sub/a.txt', content: 'x\n'}
      expect((await previewTool(writeFile, args, ws.ctx)).summary).toContain('new file')
      await ws.swapForLink('sub', outside)
      const error = await runToolFailure(writeFile, args, ws.ctx)
      expect(error.what).toBe('refusing to change sub/a.txt')
      expect(error.why).toContain('outside the workspace')
      expect(await fs.readdir(outside)).toEqual([])
    })
  })
})
