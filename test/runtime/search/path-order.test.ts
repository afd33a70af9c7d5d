import {describe, expect, test} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {comparePaths, sortPaths} from '../../../src/runtime/search/path-order.js'

describe('comparePaths', () => {
  test.each([
    ['a/b.txt', 'a-b.txt', -1, 'a directory\'s contents come right after it'],
    ['a/c', 'ab', -1, 'the shorter name first'],
    ['a', 'a/b', -1, 'a directory before its contents'],
    ['B', 'a', -1, 'bytewise, upper case first'],
    ['z', 'ü', -1, 'ASCII before other UTF-8'],
    ['\uFFFD', '😀', -1, 'a code point above U+FFFF after U+FFFD (UTF-8 order, not UTF-16)'],
    ['src/x', 'src/x', 0, 'equal'],
  ])('%s vs %s → %d (%s)', (a, b, sign) => {
    expect(Math.sign(comparePaths(a, b))).toBe(sign)
    expect(Math.sign(comparePaths(b, a))).toBe(sign === 0 ? 0 : -sign)
  })
})

describe('sortPaths', () => {
  test('orders files as rg --sort path lists them', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-order-'))
    try {
      const files = ['a-b.txt', 'a/b.txt', 'a/b/c.txt', 'ab', 'B', 'ü.txt', 'z.txt', '😀/x', '\uFFFD', 'a.b/x', 'a.txt']
      for (const file of files) {
        await fs.mkdir(path.dirname(path.join(root, file)), {recursive: true})
        await fs.writeFile(path.join(root, file), '')
      }
      const listed = execFileSync('rg', ['--files', '--sort', 'path', '--no-config'], {cwd: root, encoding: 'utf8'}).trim().split('\n')
      expect(sortPaths([...files].reverse())).toEqual(listed)
    } finally {
      await fs.rm(root, {recursive: true, force: true})
    }
  })
})
