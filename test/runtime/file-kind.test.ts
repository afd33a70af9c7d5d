import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {detectFileKind, looksBinary, SNIFF_BYTES} from '../../src/runtime/file-kind.js'

const utf8 = (text: string) => new TextEncoder().encode(text)
const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(20)

describe('looksBinary', () => {
  const cases: Array<[name: string, sample: Uint8Array, binary: boolean]> = [
    ['empty', new Uint8Array(), false],
    ['ASCII source', utf8('const x = 1\n\tif (x) return\n'), false],
    ['multi-byte UTF-8', utf8('héllo wörld ✓ 日本語 🎉\n'), false],
    ['ANSI colours and form feeds', utf8('\x1b[31mred\x1b[0m\f\n'), false],
    ['a NUL byte in text', utf8('text\0more text'), true],
    ['a PNG header', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), true],
    ['mostly invalid UTF-8', new Uint8Array(Array.from({length: 200}, (_, i) => 0x80 + (i % 64))), true],
    ['a few Latin-1 accents in long text', new Uint8Array([...utf8(prose), 0xe9, ...utf8(prose), 0xfc]), false],
    ['many control characters', utf8('\x01\x02\x03\x04abc\x05\x06\x07'), true],
    ['a multi-byte character cut off at the end of the sample', utf8('abc ✓').subarray(0, 6), false],
  ]
  test.each(cases)('%s → binary=%s', (_name, sample, binary) => {
    expect(looksBinary(sample)).toBe(binary)
  })
})

describe('detectFileKind', () => {
  let dir: string
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-kind-'))
  })
  afterAll(async () => {
    await fs.rm(dir, {recursive: true, force: true})
  })

  test.each([
    ['empty', '', 'empty'],
    ['text', 'hello\n', 'text'],
    ['binary', Buffer.from([1, 2, 0, 3, 255]), 'binary'],
  ])('%s file', async (name, content, kind) => {
    const file = path.join(dir, name)
    await fs.writeFile(file, content)
    expect(await detectFileKind(file)).toBe(kind)
  })

  test('only the first bytes decide: a NUL after them is not seen', async () => {
    const file = path.join(dir, 'late-nul')
    await fs.writeFile(file, Buffer.concat([Buffer.from('a'.repeat(SNIFF_BYTES)), Buffer.from([0])]))
    expect(await detectFileKind(file)).toBe('text')
  })
})
