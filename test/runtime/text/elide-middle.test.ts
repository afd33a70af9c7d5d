import {describe, expect, test} from '@jest/globals'

import {
  countNewlines,
  elideMiddle,
  elisionMarker,
  keepEnd,
  keepHeadTail,
  keepStart,
  renderHeadTail,
  utf8Length,
} from '../../../src/runtime/text/elide-middle.js'

const numberedLines = (n: number) => Array.from({length: n}, (_, i) => `line ${i + 1}\n`).join('')

/** Reads the counts back out of a rendered marker. */
const markerCounts = (text: string) => {
  const match = /… \[(\d+) lines? \/ (\d+) bytes? elided\] …/u.exec(text)
  if (!match) throw new Error(`no elision marker in ${JSON.stringify(text.slice(0, 200))}`)
  return {lines: Number(match[1]), bytes: Number(match[2])}
}

describe('elideMiddle', () => {
  test.each([
    ['', 10],
    ['short', 10],
    ['exactly ten', 11],
    ['a\nb\nc\n', 6],
  ])('leaves %j alone within %i bytes', (text, maxBytes) => {
    expect(elideMiddle(text, maxBytes)).toBe(text)
  })

  test.each([100, 1000, 4096])('keeps head and tail within %i bytes and says exactly what was cut', (maxBytes) => {
    const text = numberedLines(5000)
    const kept = keepHeadTail(text, maxBytes)
    expect(utf8Length(kept.head) + utf8Length(kept.tail)).toBeLessThanOrEqual(maxBytes)
    expect(text.startsWith(kept.head)).toBe(true)
    expect(text.endsWith(kept.tail)).toBe(true)

    const middle = text.slice(kept.head.length, text.length - kept.tail.length)
    const rendered = elideMiddle(text, maxBytes)
    expect(markerCounts(rendered)).toEqual({lines: countNewlines(middle), bytes: utf8Length(middle)})
    expect(rendered.startsWith(kept.head)).toBe(true)
    expect(rendered.endsWith(kept.tail)).toBe(true)
  })

  test('cuts on line boundaries when lines are short', () => {
    const kept = keepHeadTail(numberedLines(5000), 1000)
    expect(kept.head.endsWith('\n')).toBe(true)
    expect(kept.tail.startsWith('line ')).toBe(true)
    expect(kept.tail.endsWith('line 5000\n')).toBe(true)
  })

  test('cuts inside a line that is longer than the budget', () => {
    const text = 'x'.repeat(10_000)
    const kept = keepHeadTail(text, 100)
    expect(kept.head).toBe('x'.repeat(50))
    expect(kept.tail).toBe('x'.repeat(50))
    expect(kept).toMatchObject({elidedBytes: 9900, elidedLines: 0})
  })

  test('never splits a multi-byte character', () => {
    const text = '日本語🙂'.repeat(500)
    for (const maxBytes of [7, 31, 100, 257]) {
      const kept = keepHeadTail(text, maxBytes)
      expect(kept.head).not.toContain('\uFFFD')
      expect(kept.tail).not.toContain('\uFFFD')
      expect(utf8Length(kept.head) + utf8Length(kept.tail) + kept.elidedBytes).toBe(utf8Length(text))
    }
  })

  test('shrinking an already shrunk text adds to the counts', () => {
    const text = numberedLines(20_000)
    const once = keepHeadTail(text, 8000)
    const twice = keepHeadTail(once, 500)
    expect(utf8Length(twice.head) + utf8Length(twice.tail)).toBeLessThanOrEqual(500)
    expect(text.startsWith(twice.head)).toBe(true)
    expect(text.endsWith(twice.tail)).toBe(true)
    const middle = text.slice(twice.head.length, text.length - twice.tail.length)
    expect(twice.elidedBytes).toBe(utf8Length(middle))
    expect(twice.elidedLines).toBe(countNewlines(middle))
  })

  test('gives a short tail’s unused budget to the head when shrinking again', () => {
    const shrunk = {head: 'h'.repeat(1000), tail: 'end\n', elidedBytes: 50, elidedLines: 5}
    const kept = keepHeadTail(shrunk, 104)
    expect(kept.tail).toBe('end\n')
    expect(kept.head).toBe('h'.repeat(100))
    expect(kept.elidedBytes).toBe(50 + 900)
  })
})

describe('renderHeadTail and the marker', () => {
  test.each([
    [1, 1, '… [1 line / 1 byte elided] …'],
    [3, 120, '… [3 lines / 120 bytes elided] …'],
    [0, 5000, '… [0 lines / 5000 bytes elided] …'],
  ])('marker for %i lines / %i bytes', (lines, bytes, expected) => {
    expect(elisionMarker(lines, bytes)).toBe(expected)
  })

  test('puts the marker on its own line', () => {
    expect(renderHeadTail({head: 'abc', tail: 'xyz', elidedBytes: 10, elidedLines: 2})).toBe(
      'abc\n… [2 lines / 10 bytes elided] …\nxyz',
    )
    expect(renderHeadTail({head: 'abc\n', tail: 'xyz\n', elidedBytes: 4, elidedLines: 1})).toBe(
      'abc\n… [1 line / 4 bytes elided] …\nxyz\n',
    )
  })

  test('renders an uncut text as it is', () => {
    expect(renderHeadTail({head: 'all of it\n', tail: '', elidedBytes: 0, elidedLines: 0})).toBe('all of it\n')
  })
})

describe('keepStart and keepEnd', () => {
  test.each([
    ['aaaa\nbbbb\ncccc\n', 12, 'aaaa\nbbbb\n'],
    ['abcdefgh', 3, 'abc'],
    ['ééé', 3, 'é'],
    ['abc', 0, ''],
  ])('keepStart(%j, %i) → %j', (text, maxBytes, expected) => {
    expect(keepStart(text, maxBytes)).toBe(expected)
  })

  test.each([
    ['aaaa\nbbbb\ncccc\n', 12, 'bbbb\ncccc\n'],
    ['abcdefgh', 3, 'fgh'],
    ['ééé', 3, 'é'],
    ['abc', 0, ''],
  ])('keepEnd(%j, %i) → %j', (text, maxBytes, expected) => {
    expect(keepEnd(text, maxBytes)).toBe(expected)
  })
})
