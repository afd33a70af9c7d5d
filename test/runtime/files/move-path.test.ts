import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {copyThenRemove, movePath} from '../../../src/runtime/files/move-path.js'

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-move-'))
})
afterEach(async () => {
  await fs.rm(dir, {recursive: true, force: true})
})

async function makeTree(root: string): Promise<void> {
  await fs.mkdir(path.join(root, 'sub'), {recursive: true})
  await fs.writeFile(path.join(root, 'run.sh'), '#!/bin/sh\n')
  await fs.chmod(path.join(root, 'run.sh'), 0o755)
  await fs.writeFile(path.join(root, 'sub', 'data.txt'), 'data')
  await fs.symlink('sub/data.txt', path.join(root, 'link'))
}

describe('movePath', () => {
  test('renames a directory', async () => {
    await makeTree(path.join(dir, 'from'))
    await movePath(path.join(dir, 'from'), path.join(dir, 'to'))
    expect(await fs.readdir(dir)).toEqual(['to'])
    expect(await fs.readFile(path.join(dir, 'to', 'sub', 'data.txt'), 'utf8')).toBe('data')
  })
})

// The fallback for EXDEV, exercised directly: copy+remove behaves the same on one device.
describe('copyThenRemove', () => {
  test('copies a tree with modes and symlinks, then removes the source', async () => {
    await makeTree(path.join(dir, 'from'))
    await copyThenRemove(path.join(dir, 'from'), path.join(dir, 'to'))
    expect(await fs.readdir(dir)).toEqual(['to'])
    expect((await fs.stat(path.join(dir, 'to', 'run.sh'))).mode & 0o777).toBe(0o755)
    expect(await fs.readlink(path.join(dir, 'to', 'link'))).toBe('sub/data.txt')
    expect(await fs.readFile(path.join(dir, 'to', 'link'), 'utf8')).toBe('data')
  })

  test('replaces an existing file, as rename does', async () => {
    await fs.writeFile(path.join(dir, 'a'), 'new')
    await fs.writeFile(path.join(dir, 'b'), 'old')
    await copyThenRemove(path.join(dir, 'a'), path.join(dir, 'b'))
    expect(await fs.readdir(dir)).toEqual(['b'])
    expect(await fs.readFile(path.join(dir, 'b'), 'utf8')).toBe('new')
  })

  test('a failed copy leaves the source and no temp copy', async () => {
    await fs.writeFile(path.join(dir, 'a'), 'keep')
    await fs.writeFile(path.join(dir, 'plain'), 'a file, not a directory')
    await expect(copyThenRemove(path.join(dir, 'a'), path.join(dir, 'plain', 'b'))).rejects.toThrow()
    expect((await fs.readdir(dir)).sort()).toEqual(['a', 'plain'])
    expect(await fs.readFile(path.join(dir, 'a'), 'utf8')).toBe('keep')
  })

  test('an aborted move leaves the source and no temp copy', async () => {
    await makeTree(path.join(dir, 'from'))
    const controller = new AbortController()
    controller.abort()
    await expect(copyThenRemove(path.join(dir, 'from'), path.join(dir, 'to'), {signal: controller.signal})).rejects.toThrow()
    expect(await fs.readdir(dir)).toEqual(['from'])
  })
})
