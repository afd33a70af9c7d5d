import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {readExistingFile} from '../../../src/runtime/files/existing-file.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'existing-file-'))
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

const longUtf8 = 'une ligne en français\n'.repeat(500)

// write_file and edit_file rewrite the whole file as UTF-8: a file with any invalid byte is not text to them,
// however few such bytes it has, or the rewrite would turn them into U+FFFD.
test.each<[what: string, kind: string, bytes: Buffer]>([
  ['valid UTF-8', 'text', Buffer.from(longUtf8)],
  ['valid UTF-8 with a byte order mark', 'text', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(longUtf8)])],
  ['one Latin-1 byte after 10 KB of UTF-8', 'binary', Buffer.concat([Buffer.from(longUtf8), Buffer.from('d\u00e9j\u00e0\n', 'latin1')])],
  ['a character cut short at the very end', 'binary', Buffer.concat([Buffer.from(longUtf8), Buffer.from('€').subarray(0, 2)])],
  ['a lone continuation byte in the first line', 'binary', Buffer.concat([Buffer.from([0x61, 0x80, 0x62, 0x0a]), Buffer.from(longUtf8)])],
])('%s → %s', async (_what, kind, bytes) => {
  const file = path.join(dir, 'f.txt')
  await writeFile(file, bytes)
  expect((await readExistingFile(file, 'f.txt')).kind).toBe(kind)
})
