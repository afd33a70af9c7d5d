import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {findAtReferences} from '../../../src/cli/input/at-references.js'
import {attachedLine, messageWithAttachments} from '../../../src/cli/input/attachment-message.js'
import {AttachmentError, FILE_CAP_BYTES, MESSAGE_CAP_BYTES, countLines, readAttachments} from '../../../src/cli/input/attachments.js'

let root: string
let workspace: string

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lilly-attach-'))
  workspace = path.join(root, 'ws')
  await mkdir(path.join(workspace, 'src'), {recursive: true})
  await writeFile(path.join(root, 'secret.txt'), 'outside\n')
})

afterEach(async () => {
  await rm(root, {recursive: true, force: true})
})

const attach = (text: string) => readAttachments(findAtReferences(text), workspace, root)

describe('readAttachments', () => {
  test('a text file is attached whole, with its lines and size', async () => {
    await writeFile(path.join(workspace, 'src/a.ts'), 'one\ntwo\nthree\n')
    const [attachment] = await attach('look at @src/a.ts')
    expect(attachment).toEqual({path: 'src/a.ts', text: 'one\ntwo\nthree\n', lines: 3, bytes: 14, cut: false})
    expect(attachedLine(attachment!)).toBe('attached src/a.ts (3 lines, 14 B)')
  })

  test('a bare word that names no file is left as text; one that names a file is attached', async () => {
    await writeFile(path.join(workspace, 'Makefile'), 'all:\n')
    const attachments = await attach('ask @bob about @Makefile')
    expect(attachments.map((a) => a.path)).toEqual(['Makefile'])
  })

  // Each of these stops the message: [what is written, what the one line must say].
  const refused: Array<[name: string, text: string, message: RegExp]> = [
    ['a missing file', '@src/missing.ts please', /^no file src\/missing\.ts in the workspace/],
    ['a binary file', '@logo.png', /^cannot attach @logo\.png: it is a binary file/],
    ['a path outside the workspace', '@../secret.txt', /^cannot attach @\.\.\/secret\.txt: .*outside the workspace/],
    ['an absolute path outside', `@${'/etc/hostname'}`, /^cannot attach @\/etc\/hostname: .*outside the workspace/],
    ['a symlink leading out', '@link.txt', /^cannot attach @link\.txt: .*through a symbolic link.*outside the workspace/],
    ['a directory', '@src/', /^cannot attach @src\/: it is a directory/],
  ]
  test.each(refused)('%s is refused with one line', async (_name, text, message) => {
    await writeFile(path.join(workspace, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]))
    await symlink(path.join(root, 'secret.txt'), path.join(workspace, 'link.txt'))
    const error = await attach(text).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AttachmentError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  test('a file over the cap is cut at a line end, and says so', async () => {
    const line = `${'x'.repeat(99)}\n`
    await writeFile(path.join(workspace, 'big.txt'), line.repeat(1000)) // 100 KB
    const [attachment] = await attach('@big.txt')
    expect(attachment!.cut).toBe(true)
    expect(Buffer.byteLength(attachment!.text)).toBeLessThanOrEqual(FILE_CAP_BYTES)
    expect(attachment!.text.endsWith('\n')).toBe(true)
    expect(attachment!.lines).toBe(Math.floor(FILE_CAP_BYTES / 100))
    expect(attachedLine(attachment!)).toBe(`attached big.txt (first ${attachment!.lines} lines of 97.7 KB, cut)`)
    expect(messageWithAttachments('see', [attachment!])).toContain(`(cut: the first ${attachment!.lines} lines of 97.7 KB are attached; read_file big.txt for the rest)`)
  })

  test('more than the message cap in all is refused', async () => {
    const count = MESSAGE_CAP_BYTES / FILE_CAP_BYTES + 1
    const names = Array.from({length: count}, (_, index) => `f${index}.txt`)
    for (const name of names) await writeFile(path.join(workspace, name), `${'y'.repeat(1023)}\n`.repeat(64))
    await expect(attach(names.map((name) => `@${name}`).join(' '))).rejects.toThrow(/^attachments over 256 KB in one message \(at @f4\.txt\)/)
  })
})

describe('messageWithAttachments', () => {
  test('the typed text comes first, then each file fenced under its path and line count', () => {
    const message = messageWithAttachments('look at @a.ts', [{path: 'a.ts', text: 'let a = 1\n', lines: 1, bytes: 10, cut: false}])
    expect(message).toBe('look at @a.ts\n\na.ts (1 line):\n```ts\nlet a = 1\n```')
  })

  test('a file holding a fence gets a longer one', () => {
    const message = messageWithAttachments('x', [{path: 'README', text: '```sh\nls\n```', lines: 3, bytes: 12, cut: false}])
    expect(message).toBe('x\n\nREADME (3 lines):\n````\n```sh\nls\n```\n````')
  })

  test.each([
    ['', 0],
    ['a', 1],
    ['a\n', 1],
    ['a\nb', 2],
    ['\n\n', 2],
  ])('countLines(%j) = %d', (text, lines) => {
    expect(countLines(text)).toBe(lines)
  })
})
