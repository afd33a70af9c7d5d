import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'

import moveFile from '../../src/plugins/builtin-tools/move-file.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'
import {makeWorkspace, previewTool, runTool, runToolFailure, type TempWorkspace, withOutside} from './temp-workspace.js'

let ws: TempWorkspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.remove()
})

const failure = (args: Record<string, unknown>): Promise<ToolError> => runToolFailure(moveFile, args, ws.ctx)

const read = (relative: string) => fs.readFile(ws.at(relative), 'utf8')


describe('move_file', () => {
  test('targets both paths and defaults overwrite to false', () => {
    const args = moveFile.parameters.parse({from: 'a.txt', to: 'b/a.txt'})
    expect(args.overwrite).toBe(false)
    expect(moveFile.targets(args)).toEqual([
      {kind: 'path', path: 'a.txt'},
      {kind: 'path', path: 'b/a.txt'},
    ])
    expect(moveFile.mutates).toBe(true)
  })

  test('renames a file into directories that do not exist yet', async () => {
    await ws.write('old.txt', 'content')
    expect(await previewTool(moveFile, {from: 'old.txt', to: 'lib/deep/new.txt'}, ws.ctx)).toEqual({summary: 'old.txt → lib/deep/new.txt'})
    const result = await runTool(moveFile, {from: 'old.txt', to: 'lib/deep/new.txt'}, ws.ctx)
    expect(result.text).toBe('Moved old.txt to lib/deep/new.txt.')
    expect(await read('lib/deep/new.txt')).toBe('content')
    expect(await fs.readdir(ws.root)).toEqual(['lib'])
  })

  test('moves a directory with its contents', async () => {
    await ws.write('pkg/a.ts', 'a')
    await ws.write('pkg/sub/b.ts', 'b')
    await runTool(moveFile, {from: 'pkg', to: 'src/pkg'}, ws.ctx)
    expect(await read('src/pkg/sub/b.ts')).toBe('b')
    expect(await fs.readdir(ws.root)).toEqual(['src'])
  })

  test('refuses to replace an existing file unless overwrite is true', async () => {
    await ws.write('a.txt', 'new')
    await ws.write('b.txt', 'old')
    const error = await failure({from: 'a.txt', to: 'b.txt'})
    expect(error.what).toBe('b.txt already exists')
    expect(error.hint).toMatch(/overwrite: true/)
    expect(await read('a.txt')).toBe('new')
    expect(await read('b.txt')).toBe('old')
  })

  test('overwrite: true replaces the file and the preview says what goes', async () => {
    await ws.write('a.txt', 'new')
    await ws.write('b.txt', 'old!')
    const args = {from: 'a.txt', to: 'b.txt', overwrite: true}
    expect((await previewTool(moveFile, args, ws.ctx)).summary).toBe('a.txt → b.txt (replaces file of 4 B)')
    const result = await runTool(moveFile, args, ws.ctx)
    expect(result.text).toBe('Moved a.txt to b.txt, replacing the file of 4 B.')
    expect(await fs.readdir(ws.root)).toEqual(['b.txt'])
    expect(await read('b.txt')).toBe('new')
  })

  test('overwrite: true replaces a non-empty directory with a directory', async () => {
    await ws.write('next/index.ts', 'next')
    await ws.write('current/index.ts', 'current')
    await ws.write('current/old/legacy.ts', 'legacy')
    const args = {from: 'next', to: 'current', overwrite: true}
    expect((await previewTool(moveFile, args, ws.ctx)).summary).toBe('next → current (replaces directory with 2 files and 1 directory)')
    await runTool(moveFile, args, ws.ctx)
    expect(await fs.readdir(ws.root)).toEqual(['current'])
    expect(await fs.readdir(ws.at('current'))).toEqual(['index.ts'])
    expect(await read('current/index.ts')).toBe('next')
  })

  test('a file onto a directory is refused even with overwrite, with a hint to move it inside', async () => {
    await ws.write('a.txt', 'a')
    await fs.mkdir(ws.at('docs'))
    const error = await failure({from: 'a.txt', to: 'docs', overwrite: true})
    expect(error.what).toBe('docs is a directory and a.txt is a file')
    expect(error.hint).toContain('to: "docs/a.txt"')
    expect(await fs.readdir(ws.at('docs'))).toEqual([])
  })

  test('a directory onto a file is refused', async () => {
    await ws.write('dir/x', 'x')
    await ws.write('file.txt', 'f')
    expect((await failure({from: 'dir', to: 'file.txt', overwrite: true})).what).toBe('file.txt is a file and dir is a directory')
  })

  test('a missing source is a ToolError', async () => {
    expect((await failure({from: 'ghost.txt', to: 'b.txt'})).what).toBe('ghost.txt does not exist')
  })

  test('a directory cannot move into itself', async () => {
    await ws.write('a/file', 'x')
    expect((await failure({from: 'a', to: 'a/b/c'})).what).toBe('cannot move a into itself')
    expect(await read('a/file')).toBe('x')
  })

  test('the same path on both sides is refused', async () => {
    await ws.write('a.txt', 'x')
    expect((await failure({from: 'a.txt', to: './a.txt'})).what).toBe('from and to are the same path')
  })

  test('the destination folder swapped for a symlink to outside after the check: refused, nothing moved out', async () => {
    await withOutside(async (outside) => {
      await ws.write('a.txt', 'A')
      await fs.mkdir(ws.at('sub'))
      const args = {from: 'a.txt', to: 'sub/a.txt'}
      expect((await previewTool(moveFile, args, ws.ctx)).summary).toBe('a.txt → sub/a.txt')
      await ws.swapForLink('sub', outside)
      expect((await failure(args)).what).toBe('refusing to change sub/a.txt')
      expect(await read('a.txt')).toBe('A')
      expect(await fs.readdir(outside)).toEqual([])
    })
  })

  test('the source folder swapped for a symlink to outside after the check: refused, nothing moved in', async () => {
    await withOutside(async (outside) => {
      await ws.write('sub/a.txt', 'inside')
      await fs.writeFile(path.join(outside, 'a.txt'), 'outside')
      const args = {from: 'sub/a.txt', to: 'b.txt'}
      expect((await previewTool(moveFile, args, ws.ctx)).summary).toBe('sub/a.txt → b.txt')
      await ws.swapForLink('sub', outside)
      expect((await failure(args)).what).toBe('refusing to change sub/a.txt')
      expect(await fs.readdir(outside)).toEqual(['a.txt'])
      expect(await fs.readdir(ws.root)).toEqual(['sub'])
    })
  })
})
