import {describe, expect, test} from '@jest/globals'

import {FirstMatches} from '../../../src/runtime/search/first-matches.js'
import type {GrepMatch} from '../../../src/runtime/search/grep-request.js'
import {comparePaths} from '../../../src/runtime/search/path-order.js'

/** Files of `count` matching lines each; the expected answer is their lines in path order. */
function files(spec: Record<string, number>): GrepMatch[][] {
  return Object.entries(spec).map(([path, count]) => Array.from({length: count}, (_, index) => ({path, line: index + 1, text: `${path} ${index + 1}`})))
}

/** Feeds files in the given order the way the ripgrep reader does: asking before each line. */
function collect(limit: number, arriving: GrepMatch[][]): {result: GrepMatch[]; parsed: number} {
  const first = new FirstMatches(limit)
  let parsed = 0
  for (const lines of arriving) {
    let kept = 0
    for (const line of lines) {
      if (!first.wants(line.path, kept)) continue
      first.add(line)
      kept++
      parsed++
    }
  }
  return {result: first.result(), parsed}
}

const spec = {'a/b.txt': 3, 'a-b.txt': 2, 'b/c/d.txt': 5, 'c.txt': 1, 'd/e.txt': 4, 'e.txt': 6, 'f/g/h.txt': 2, 'z.txt': 3}
const inOrder = files(spec)
const sortedLines = inOrder.flat()
const orders: Array<[string, GrepMatch[][]]> = [
  ['in path order', inOrder],
  ['reversed', [...inOrder].reverse()],
  ['shuffled', [inOrder[4], inOrder[7], inOrder[0], inOrder[5], inOrder[2], inOrder[6], inOrder[1], inOrder[3]]],
]

describe('FirstMatches', () => {
  test('the fixture is in path order', () => {
    expect(Object.keys(spec)).toEqual(Object.keys(spec).sort(comparePaths))
  })

  describe.each(orders)('files arriving %s', (_name, arriving) => {
    test.each([1, 2, 3, 4, 7, 11, 25, 26, 100])('limit %d gives the first lines in path order', (limit) => {
      expect(collect(limit, arriving).result).toEqual(sortedLines.slice(0, limit))
    })
  })

  test('lines of files past the ones needed are not parsed', () => {
    const many = files(Object.fromEntries(Array.from({length: 200}, (_, index) => [`f${String(index).padStart(3, '0')}`, 5])))
    const {result, parsed} = collect(10, many)
    expect(result).toEqual(many.flat().slice(0, 10))
    // Two files fill the limit; files sorting after those are skipped once the first trim has happened.
    expect(parsed).toBeLessThan(30)
  })
})
