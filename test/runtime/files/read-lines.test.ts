import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {type FileLine, readLines} from '../../../src/runtime/files/read-lines.js'

let dir: string
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-lines-'))
})
afterAll(async () => {
  await fs.rm(dir, {recursive: true, force: true})
})

async function linesOf(content: string, maxLineChars?: number): Promise<FileLine[]> {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}`)
  await fs.writeFile(file, content)
  const lines: FileLine[] = []
  for await (const line of readLines(file, {maxLineChars})) lines.push(line)
  return lines
}

const texts = (lines: FileLine[]) => lines.map((line) => line.text)

describe('readLines', () => {
  const cases: Array<[name: string, content: string, expected: string[]]> = [
    ['LF lines', 'a\nb\nc\n', ['a', 'b', 'c']],
    ['CRLF lines', 'a\r\nb\r\n', ['a', 'b']],
    ['no final line break', 'a\nb', ['a', 'b']],
    ['blank lines count', '\n\nx\n', ['', '', 'x']],
    ['a lone CR inside a line stays', 'a\rb\n', ['a\rb']],
    ['empty file', '', []],
  ]
  test.each(cases)('%s', async (_name, content, expected) => {
    expect(texts(await linesOf(content))).toEqual(expected)
  })

  test('numbers lines from 1', async () => {
    expect((await linesOf('x\ny\n')).map((line) => line.number)).toEqual([1, 2])
  })

  test('cuts long lines and says how much was cut', async () => {
    const [line] = await linesOf(`${'x'.repeat(50)}\n`, 10)
    expect(line).toEqual({number: 1, text: 'x'.repeat(10), cut: 40})
  })

  test('a line of exactly the maximum length followed by CRLF is not cut', async () => {
    expect(await linesOf(`${'y'.repeat(10)}\r\nz`, 10)).toEqual([
      {number: 1, text: 'y'.repeat(10), cut: 0},
      {number: 2, text: 'z', cut: 0},
    ])
  })

  test('a CRLF split across two read chunks is still one line break', async () => {
    // The stream reads 64 KiB at a time: the CR ends the first chunk, the LF starts the second.
    const first = `${'x'.repeat(64 * 1024 - 1)}\r`
    const lines = await linesOf(`${first}\nnext\r\n`, 100_000)
    expect(lines.map((line) => [line.text.length, line.cut])).toEqual([[64 * 1024 - 1, 0], [4, 0]])
    expect(lines[1].text).toBe('next')
  })

  test('multi-byte characters split across chunks decode intact', async () => {
    const content = `${'a'.repeat(64 * 1024 - 1)}é\n`
    const [line] = await linesOf(content, 100_000)
    expect(line.text.endsWith('aé')).toBe(true)
  })

  test('stopping early reads no further', async () => {
    const file = path.join(dir, 'many')
    await fs.writeFile(file, Array.from({length: 100_000}, (_, i) => `line ${i + 1}`).join('\n'))
    const seen: number[] = []
    for await (const line of readLines(file)) {
      seen.push(line.number)
      if (line.number === 3) break
    }
    expect(seen).toEqual([1, 2, 3])
  })

  test('an aborted signal stops the read', async () => {
    const file = path.join(dir, 'aborted')
    await fs.writeFile(file, 'a\nb\n')
    const controller = new AbortController()
    controller.abort()
    const read = async () => {
      for await (const _line of readLines(file, {signal: controller.signal})) {
        // reading only
      }
    }
    await expect(read()).rejects.toThrow(/abort/i)
  })
})
