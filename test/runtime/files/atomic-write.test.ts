import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {writeFileAtomic} from '../../../src/runtime/files/atomic-write.js'

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-atomic-'))
})
afterEach(async () => {
  await fs.rm(dir, {recursive: true, force: true})
})

const modeOf = async (file: string) => (await fs.stat(file)).mode & 0o777

describe('writeFileAtomic', () => {
  test('creates missing parent directories and leaves only the target behind', async () => {
    const file = path.join(dir, 'a', 'b', 'c.txt')
    await writeFileAtomic(file, 'hello\n')
    expect(await fs.readFile(file, 'utf8')).toBe('hello\n')
    expect(await fs.readdir(path.join(dir, 'a', 'b'))).toEqual(['c.txt'])
  })

  test('replaces existing content and writes bytes as given', async () => {
    const file = path.join(dir, 'data.bin')
    await fs.writeFile(file, 'old content that is longer than the new one')
    await writeFileAtomic(file, new Uint8Array([0, 1, 2, 255]))
    expect([...(await fs.readFile(file))]).toEqual([0, 1, 2, 255])
  })

  test('writes a list of pieces one after the other, keeping the mode', async () => {
    const file = path.join(dir, 'pieces.txt')
    await fs.writeFile(file, 'old\n', {mode: 0o640})
    await fs.chmod(file, 0o640)
    const big = Buffer.alloc(3 * 1024 * 1024, 'b')
    await writeFileAtomic(file, [Buffer.from('head\n'), big, Buffer.from(''), Buffer.from('tail\n')])
    expect(await fs.readFile(file)).toEqual(Buffer.concat([Buffer.from('head\n'), big, Buffer.from('tail\n')]))
    expect(await modeOf(file)).toBe(0o640)
    expect(await fs.readdir(dir)).toEqual(['pieces.txt'])
  })

  test('an abort between pieces leaves the old file as it was and no temp file', async () => {
    const file = path.join(dir, 'keep.txt')
    await fs.writeFile(file, 'old\n')
    const controller = new AbortController()
    controller.abort()
    await expect(writeFileAtomic(file, [Buffer.from('new\n')], {signal: controller.signal})).rejects.toThrow()
    expect(await fs.readFile(file, 'utf8')).toBe('old\n')
    expect(await fs.readdir(dir)).toEqual(['keep.txt'])
  })

  test.each([0o755, 0o600, 0o640])('keeps the existing mode %o', async (mode) => {
    const file = path.join(dir, 'script.sh')
    await fs.writeFile(file, '#!/bin/sh\n')
    await fs.chmod(file, mode)
    await writeFileAtomic(file, '#!/bin/sh\necho hi\n')
    expect(await modeOf(file)).toBe(mode)
  })

  test('a new file gets 0o666 minus the umask', async () => {
    const previous = process.umask(0o027)
    try {
      const file = path.join(dir, 'new.txt')
      await writeFileAtomic(file, 'x')
      expect(await modeOf(file)).toBe(0o640)
    } finally {
      process.umask(previous)
    }
  })

  test('options.mode applies to a new file', async () => {
    const file = path.join(dir, 'secret.txt')
    await writeFileAtomic(file, 'x', {mode: 0o600})
    expect(await modeOf(file)).toBe(0o600)
  })

  test('a directory at the target fails, stays a directory, and leaves no temp file', async () => {
    const target = path.join(dir, 'taken')
    await fs.mkdir(target)
    await fs.writeFile(path.join(target, 'inside.txt'), 'keep')
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow()
    expect((await fs.stat(target)).isDirectory()).toBe(true)
    expect(await fs.readdir(dir)).toEqual(['taken'])
    expect(await fs.readdir(target)).toEqual(['inside.txt'])
  })

  test('an aborted write leaves the old content and no temp file', async () => {
    const file = path.join(dir, 'keep.txt')
    await fs.writeFile(file, 'original')
    const controller = new AbortController()
    controller.abort()
    await expect(writeFileAtomic(file, 'replacement', {signal: controller.signal})).rejects.toThrow()
    expect(await fs.readFile(file, 'utf8')).toBe('original')
    expect(await fs.readdir(dir)).toEqual(['keep.txt'])
  })

  test('writing through a symlink updates the file it points to and keeps the link', async () => {
    const real = path.join(dir, 'real.txt')
    const link = path.join(dir, 'link.txt')
    await fs.writeFile(real, 'before')
    await fs.symlink(real, link)
    await writeFileAtomic(link, 'after')
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true)
    expect(await fs.readFile(real, 'utf8')).toBe('after')
    expect((await fs.readdir(dir)).sort()).toEqual(['link.txt', 'real.txt'])
  })

  test('a parent that is a file fails without creating anything', async () => {
    await fs.writeFile(path.join(dir, 'plain'), 'x')
    await expect(writeFileAtomic(path.join(dir, 'plain', 'child.txt'), 'y')).rejects.toThrow()
    expect(await fs.readdir(dir)).toEqual(['plain'])
  })
})
