import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {countTree, describeTreeCount} from '../../../src/runtime/files/count-tree.js'

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-count-'))
})
afterEach(async () => {
  await fs.rm(dir, {recursive: true, force: true})
})

describe('countTree', () => {
  test('counts files and directories below, not the root', async () => {
    await fs.mkdir(path.join(dir, 'a', 'b'), {recursive: true})
    await fs.mkdir(path.join(dir, 'c'))
    for (const file of ['x', 'a/y', 'a/b/z', 'a/b/w']) await fs.writeFile(path.join(dir, file), '')
    expect(await countTree(dir)).toEqual({files: 4, dirs: 3, complete: true})
  })

  test('a symlink to a directory counts as one entry and is not followed', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-outside-'))
    try {
      await fs.writeFile(path.join(outside, 'far.txt'), '')
      await fs.symlink(outside, path.join(dir, 'link'))
      expect(await countTree(dir)).toEqual({files: 1, dirs: 0, complete: true})
    } finally {
      await fs.rm(outside, {recursive: true, force: true})
    }
  })

  test('stops at the limit and says the count is incomplete', async () => {
    for (let i = 0; i < 30; i++) await fs.writeFile(path.join(dir, `f${i}`), '')
    const count = await countTree(dir, {limit: 10})
    expect(count.complete).toBe(false)
    expect(count.files).toBe(10)
  })

  test('exactly as many entries as the limit is complete', async () => {
    for (let i = 0; i < 5; i++) await fs.writeFile(path.join(dir, `f${i}`), '')
    expect(await countTree(dir, {limit: 5})).toEqual({files: 5, dirs: 0, complete: true})
  })
})

describe('describeTreeCount', () => {
  test.each([
    [{files: 1, dirs: 1, complete: true}, '1 file and 1 directory'],
    [{files: 12, dirs: 3, complete: true}, '12 files and 3 directories'],
    [{files: 0, dirs: 2, complete: true}, '0 files and 2 directories'],
    [{files: 9000, dirs: 1000, complete: false}, 'at least 9000 files and 1000 directories'],
  ])('%j → %s', (count, text) => {
    expect(describeTreeCount(count)).toBe(text)
  })
})
