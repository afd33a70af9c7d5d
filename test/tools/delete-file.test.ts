import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'

import deleteFile from '../../src/plugins/builtin-tools/delete-file.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'
import {makeWorkspace, previewTool, runTool, runToolFailure, type TempWorkspace, withOutside} from './temp-workspace.js'

let ws: TempWorkspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.remove()
})

const failure = (args: Record<string, unknown>): Promise<ToolError> => runToolFailure(deleteFile, args, ws.ctx)

const exists = (relative: string) => fs.lstat(ws.at(relative)).then(() => true, () => false)


describe('delete_file', () => {
  test('targets its path and defaults recursive to false', () => {
    const args = deleteFile.parameters.parse({path: 'a.txt'})
    expect(args.recursive).toBe(false)
    expect(deleteFile.targets(args)).toEqual([{kind: 'path', path: 'a.txt'}])
    expect(deleteFile.mutates).toBe(true)
  })

  test('deletes a file; the preview gives its size', async () => {
    await ws.write('old.log', 'x'.repeat(2048))
    expect(await previewTool(deleteFile, {path: 'old.log'}, ws.ctx)).toEqual({summary: 'delete old.log (file, 2 KB)'})
    expect((await runTool(deleteFile, {path: 'old.log'}, ws.ctx)).text).toBe('Deleted old.log (file, 2 KB).')
    expect(await exists('old.log')).toBe(false)
  })

  test('a non-empty directory without recursive is refused with a hint', async () => {
    await ws.write('build/out.js', 'x')
    const error = await failure({path: 'build'})
    expect(error.what).toBe('build is a directory that is not empty')
    expect(error.why).toBe('it holds 1 file and 0 directories')
    expect(error.hint).toMatch(/recursive: true/)
    expect(await exists('build/out.js')).toBe(true)
  })

  test('a recursive delete previews what it removes, counted, then removes it', async () => {
    for (const file of ['dist/a.js', 'dist/b.js', 'dist/lib/c.js', 'dist/lib/deep/d.js']) await ws.write(file, 'x')
    await fs.mkdir(ws.at('dist/empty'))
    const args = {path: 'dist', recursive: true}
    expect(await previewTool(deleteFile, args, ws.ctx)).toEqual({summary: 'delete dist (directory with 4 files and 3 directories)'})
    await runTool(deleteFile, args, ws.ctx)
    expect(await fs.readdir(ws.root)).toEqual([])
  })

  test('an empty directory needs no recursive', async () => {
    await fs.mkdir(ws.at('empty'))
    expect((await previewTool(deleteFile, {path: 'empty'}, ws.ctx)).summary).toBe('delete empty (empty directory)')
    await runTool(deleteFile, {path: 'empty'}, ws.ctx)
    expect(await exists('empty')).toBe(false)
  })

  test('a symlink to a directory goes alone; what it points to stays', async () => {
    await ws.write('real/keep.txt', 'keep')
    await fs.symlink(ws.at('real'), ws.at('link'))
    expect((await previewTool(deleteFile, {path: 'link'}, ws.ctx)).summary).toBe('delete link (symbolic link)')
    await runTool(deleteFile, {path: 'link'}, ws.ctx)
    expect(await exists('link')).toBe(false)
    expect(await fs.readFile(ws.at('real/keep.txt'), 'utf8')).toBe('keep')
  })

  test('a missing path is a ToolError', async () => {
    expect((await failure({path: 'ghost'})).what).toBe('ghost does not exist')
  })

  test.each(['.', './', 'src/..'])('refuses to delete the workspace root given as %j', async (root) => {
    await ws.write('src/keep.ts', 'x')
    const error = await failure({path: root, recursive: true})
    expect(error.what).toBe(`refusing to delete ${root}`)
    expect(error.why).toBe('it is the workspace root')
    expect(await exists('src/keep.ts')).toBe(true)
  })

  test('refuses the absolute workspace path and a directory that contains the workspace', async () => {
    expect((await failure({path: ws.root, recursive: true})).why).toBe('it is the workspace root')
    expect((await failure({path: '..', recursive: true})).why).toBe('the workspace root is inside it')
    expect((await failure({path: path.dirname(path.dirname(ws.root)), recursive: true})).why).toBe('the workspace root is inside it')
    expect(await fs.stat(ws.root)).toBeTruthy()
  })

  test('a folder swapped for a symlink to outside after the check: refused, the file outside stays', async () => {
    await withOutside(async (outside) => {
      await ws.write('sub/a.txt', 'inside')
      await fs.writeFile(path.join(outside, 'a.txt'), 'outside')
      expect((await previewTool(deleteFile, {path: 'sub/a.txt'}, ws.ctx)).summary).toBe('delete sub/a.txt (file, 6 B)')
      await ws.swapForLink('sub', outside)
      expect((await failure({path: 'sub/a.txt'})).what).toBe('refusing to change sub/a.txt')
      expect(await fs.readFile(path.join(outside, 'a.txt'), 'utf8')).toBe('outside')
    })
  })
})
