import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'

import editFile from '../../src/plugins/builtin-tools/edit-file.js'
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

const app = ['import os', '', 'def main():', '    print("hello")', '    return 0', '', 'def other():', '    return 0', ''].join('\n')

const failure = (args: Record<string, unknown>): Promise<ToolError> => runToolFailure(editFile, args, ws.ctx)


describe('edit_file', () => {
  test('declares itself mutating and targets its path', () => {
    expect(editFile.mutates).toBe(true)
    expect(editFile.targets(editFile.parameters.parse({path: 'a.py', old_string: 'x', new_string: 'y'}))).toEqual([{kind: 'path', path: 'a.py'}])
  })

  test('replace_all defaults to false in the schema', () => {
    expect(editFile.parameters.parse({path: 'a', old_string: 'x', new_string: 'y'}).replace_all).toBe(false)
  })

  test('previews the diff without touching the file, then edits it', async () => {
    await ws.write('app.py', app)
    const args = {path: 'app.py', old_string: '    print("hello")', new_string: '    print("hello, world")'}
    const preview = await previewTool(editFile, args, ws.ctx)
    expect(preview.summary).toBe('app.py: +1 −1')
    expect(preview.diff).toContain('--- a/app.py\n+++ b/app.py\n')
    expect(preview.diff).toContain('-    print("hello")\n+    print("hello, world")\n')
    expect(await fs.readFile(ws.at('app.py'), 'utf8')).toBe(app)

    const result = await runTool(editFile, args, ws.ctx)
    expect(result.text).toBe('Edited app.py: +1 -1 lines.')
    expect(result.data).toMatchObject({added: 1, removed: 1})
    expect(await fs.readFile(ws.at('app.py'), 'utf8')).toBe(app.replace('print("hello")', 'print("hello, world")'))
    expect(await fs.readdir(ws.root)).toEqual(['app.py'])
  })

  test('no match: the error names the nearby line and its text', async () => {
    await ws.write('app.py', app)
    const error = await failure({path: 'app.py', old_string: 'def main():\n  print("hello")', new_string: 'x'})
    expect(error.what).toBe('old_string was not found in app.py')
    expect(error.why).toContain('line 4 is "    print(\\"hello\\")"')
    expect(await fs.readFile(ws.at('app.py'), 'utf8')).toBe(app)
  })

  test('two matches: the error says 2 and the lines, and nothing changes', async () => {
    await ws.write('app.py', app)
    const error = await failure({path: 'app.py', old_string: '    return 0', new_string: '    return 1'})
    expect(error.what).toBe('old_string occurs 2 times in app.py (lines 5, 8)')
    expect(error.hint).toMatch(/replace_all: true/)
    expect(await fs.readFile(ws.at('app.py'), 'utf8')).toBe(app)
  })

  test('replace_all changes every occurrence', async () => {
    await ws.write('app.py', app)
    const result = await runTool(editFile, {path: 'app.py', old_string: 'return 0', new_string: 'return 1', replace_all: true}, ws.ctx)
    expect(result.text).toBe('Edited app.py: +2 -2 lines.')
    expect(await fs.readFile(ws.at('app.py'), 'utf8')).toBe(app.replaceAll('return 0', 'return 1'))
  })

  test('a CRLF file keeps its bytes: only the edited span changes', async () => {
    const before = Buffer.from('Line one\r\nLine two\r\nLine three\r\n\r\nend', 'utf8')
    await ws.write('win.txt', before)
    await runTool(editFile, {path: 'win.txt', old_string: 'Line two\nLine three', new_string: 'Line 2\nLine 2.5\nLine 3'}, ws.ctx)
    const after = await fs.readFile(ws.at('win.txt'))
    expect(after.equals(Buffer.from('Line one\r\nLine 2\r\nLine 2.5\r\nLine 3\r\n\r\nend', 'utf8'))).toBe(true)
  })

  test('a UTF-8 BOM survives an edit', async () => {
    await ws.write('bom.txt', '\uFEFFtitle\nbody\n')
    await runTool(editFile, {path: 'bom.txt', old_string: 'body', new_string: 'text'}, ws.ctx)
    expect([...(await fs.readFile(ws.at('bom.txt'))).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  test('the file mode is kept', async () => {
    const file = await ws.write('run.sh', '#!/bin/sh\necho one\n')
    await fs.chmod(file, 0o755)
    await runTool(editFile, {path: 'run.sh', old_string: 'echo one', new_string: 'echo two'}, ws.ctx)
    expect((await fs.stat(file)).mode & 0o777).toBe(0o755)
    expect(await fs.readFile(file, 'utf8')).toBe('#!/bin/sh\necho two\n')
  })

  test('a missing file points to write_file', async () => {
    const error = await failure({path: 'new.py', old_string: 'a', new_string: 'b'})
    expect(error.what).toBe('new.py does not exist')
    expect(error.hint).toMatch(/write_file/)
  })

  test('the same old_string and new_string is refused', async () => {
    await ws.write('app.py', app)
    expect((await failure({path: 'app.py', old_string: 'import os', new_string: 'import os'})).what).toBe('old_string and new_string are the same')
  })

  test('a binary file is refused, saying why', async () => {
    await ws.write('x.bin', Buffer.from([1, 0, 2, 0]))
    const error = await failure({path: 'x.bin', old_string: 'a', new_string: 'b'})
    expect(error.what).toBe('x.bin is not UTF-8 text')
    expect(error.why).toBe('it contains NUL bytes, and edit_file changes UTF-8 text files only')
  })

  test('a directory is refused', async () => {
    await fs.mkdir(ws.at('pkg'))
    expect((await failure({path: 'pkg', old_string: 'a', new_string: 'b'})).what).toBe('pkg is a directory')
  })

  test.each([[{path: 'a', old_string: '', new_string: 'b'}], [{path: 'a', old_string: 'x'}], [{path: 'a', old_string: 'x', new_string: 'y', replace_all: 'yes'}]])(
    'the schema rejects %j',
    (args) => {
      expect(editFile.parameters.safeParse(args).success).toBe(false)
    },
  )

  test('a folder swapped for a symlink to outside after the check: refused, the file outside unchanged', async () => {
    await withOutside(async (outside) => {
      await ws.write('sub/app.py', app)
      await fs.writeFile(path.join(outside, 'app.py'), app)
      const args = {path: 'sub/app.py', old_string: 'print("hello")', new_string: 'print("bye")'}
      expect((await previewTool(editFile, args, ws.ctx)).summary).toBe('sub/app.py: +1 −1')
      await ws.swapForLink('sub', outside)
      const error = await failure(args)
      expect(error.what).toBe('refusing to change sub/app.py')
      expect(await fs.readFile(path.join(outside, 'app.py'), 'utf8')).toBe(app)
      expect(await fs.readdir(outside)).toEqual(['app.py'])
    })
  })

  test('an approved edit computes its diff once for the preview and once for the result', async () => {
    await ws.write('app.py', app)
    const args = {path: 'app.py', old_string: 'print("hello")', new_string: 'print("bye")'}
    diffs.count = 0
    const preview = await previewTool(editFile, args, ws.ctx)
    const result = await runTool(editFile, args, ws.ctx)
    expect(diffs.count).toBe(2)
    expect(preview.summary).toBe('app.py: +1 −1')
    expect(preview.diff).toContain('-    print("hello")\n+    print("bye")\n')
    expect(result.data).toMatchObject({added: 1, removed: 1, diff: preview.diff})
  })
})
