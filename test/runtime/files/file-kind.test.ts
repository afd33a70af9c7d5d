import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {
  binaryReason,
  grepSeesBinary,
  grepSeesBinaryFile,
  looksBinary,
  SNIFF_BYTES,
  sniffFile,
  utf16Encoding,
} from '../../../src/runtime/files/file-kind.js'
import {BINARY_SNIFF_BYTES} from '../../../src/runtime/files/file-kind.js'

const utf8 = (text: string) => new TextEncoder().encode(text)
const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(20)
const utf16le = (text: string) => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'))
const utf16be = (text: string) => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le').swap16())
// U+6161 is the bytes "aa" in UTF-16LE: without its BOM this file would pass for ASCII text.
const asciiLookingUtf16 = utf16le('\u6161'.repeat(200))

describe('looksBinary and binaryReason (read_file, write_file, edit_file)', () => {
  const cases: Array<[name: string, sample: Uint8Array, reason: string | undefined]> = [
    ['empty', new Uint8Array(), undefined],
    ['ASCII source', utf8('const x = 1\n\tif (x) return\n'), undefined],
    ['multi-byte UTF-8', utf8('héllo wörld ✓ 日本語 🎉\n'), undefined],
    ['UTF-8 with a BOM', utf8('\uFEFFhello\n'), undefined],
    ['ANSI colours and form feeds', utf8('\x1b[31mred\x1b[0m\f\n'), undefined],
    ['a NUL byte in text', utf8('text\0more text'), 'it contains NUL bytes'],
    ['a PNG header', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'it contains NUL bytes'],
    ['mostly invalid UTF-8', new Uint8Array(Array.from({length: 200}, (_, i) => 0x80 + (i % 64))), 'it is mostly not UTF-8 text'],
    ['a few Latin-1 accents in long text', new Uint8Array([...utf8(prose), 0xe9, ...utf8(prose), 0xfc]), undefined],
    ['many control characters', utf8('\x01\x02\x03\x04abc\x05\x06\x07'), 'it is mostly not UTF-8 text'],
    ['a multi-byte character cut off at the end of the sample', utf8('abc ✓').subarray(0, 6), undefined],
    ['UTF-16LE with a BOM', utf16le('hello\n'), 'it is UTF-16LE text (it starts with a byte order mark), not UTF-8'],
    ['UTF-16BE with a BOM', utf16be('hello\n'), 'it is UTF-16BE text (it starts with a byte order mark), not UTF-8'],
    ['UTF-16 whose bytes read as ASCII', asciiLookingUtf16, 'it is UTF-16LE text (it starts with a byte order mark), not UTF-8'],
  ]
  test.each(cases)('%s → %j', (_name, sample, reason) => {
    expect(binaryReason(sample)).toBe(reason)
    expect(looksBinary(sample)).toBe(reason !== undefined)
  })
})

describe('grepSeesBinary (ripgrep\'s rule)', () => {
  const cases: Array<[name: string, start: Uint8Array, binary: boolean]> = [
    ['empty', new Uint8Array(), false],
    ['UTF-8 text', utf8('needle\n'), false],
    ['a NUL byte', utf8('needle\0'), true],
    ['mostly invalid UTF-8 is still searched', new Uint8Array(Array.from({length: 200}, (_, i) => 0x80 + (i % 64))), false],
    ['UTF-16LE with a BOM, NULs and all', utf16le('needle\n'), false],
    ['UTF-16BE with a BOM', utf16be('needle\n'), false],
    ['UTF-16 without its BOM', new Uint8Array(Buffer.from('needle\n', 'utf16le')), true],
  ]
  test.each(cases)('%s → %s', (_name, start, binary) => {
    expect(grepSeesBinary(start)).toBe(binary)
  })

  test('the BOM is what tells UTF-16 apart', () => {
    expect(utf16Encoding(utf16le('x'))).toBe('utf-16le')
    expect(utf16Encoding(utf16be('x'))).toBe('utf-16be')
    expect(utf16Encoding(utf8('\uFEFFx'))).toBeUndefined()
    expect(utf16Encoding(new Uint8Array([0xff]))).toBeUndefined()
  })
})

describe('files on disk', () => {
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
    ['utf16', Buffer.from(asciiLookingUtf16), 'binary'],
  ])('%s file', async (name, content, kind) => {
    const file = path.join(dir, name)
    await fs.writeFile(file, content)
    expect((await sniffFile(file)).kind).toBe(kind)
  })

  test('sniffFile says why a file is not text', async () => {
    const file = path.join(dir, 'utf16-reason')
    await fs.writeFile(file, utf16le('hello\n'))
    expect(await sniffFile(file)).toEqual({kind: 'binary', reason: 'it is UTF-16LE text (it starts with a byte order mark), not UTF-8'})
  })

  test('only the first bytes decide: a NUL after them is not seen', async () => {
    const file = path.join(dir, 'late-nul')
    await fs.writeFile(file, Buffer.concat([Buffer.from('a'.repeat(SNIFF_BYTES)), Buffer.from([0])]))
    expect((await sniffFile(file)).kind).toBe('text')
  })

  test('grep looks further: a NUL within its first chunk makes the file binary, one after it does not', async () => {
    const within = path.join(dir, 'nul-within')
    const after = path.join(dir, 'nul-after')
    await fs.writeFile(within, Buffer.concat([Buffer.from('a'.repeat(BINARY_SNIFF_BYTES - 1)), Buffer.from([0])]))
    await fs.writeFile(after, Buffer.concat([Buffer.from('a'.repeat(BINARY_SNIFF_BYTES)), Buffer.from([0])]))
    expect(await grepSeesBinaryFile(within)).toBe(true)
    expect(await grepSeesBinaryFile(after)).toBe(false)
    expect(await grepSeesBinaryFile(path.join(dir, 'utf16'))).toBe(false)
  })
})
