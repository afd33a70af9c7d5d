import {describe, expect, test} from '@jest/globals'

import {countLines, dominantLineEnding, withLineEnding} from '../../../src/runtime/files/line-endings.js'

describe('dominantLineEnding', () => {
  test.each([
    ['', '\n'],
    ['no breaks', '\n'],
    ['a\nb\n', '\n'],
    ['a\r\nb\r\n', '\r\n'],
    ['a\r\nb\r\nc\n', '\r\n'],
    ['a\r\nb\nc\n', '\n'],
    ['a\r\nb\n', '\n'],
  ])('%j → %j', (text, ending) => {
    expect(dominantLineEnding(text)).toBe(ending)
  })
})

describe('withLineEnding', () => {
  test.each([
    ['a\nb\n', '\r\n', 'a\r\nb\r\n'],
    ['a\r\nb\n', '\r\n', 'a\r\nb\r\n'],
    ['a\r\nb\r\n', '\n', 'a\nb\n'],
    ['no breaks', '\r\n', 'no breaks'],
  ] as const)('%j as %j → %j', (text, ending, expected) => {
    expect(withLineEnding(text, ending)).toBe(expected)
  })
})

describe('countLines', () => {
  test.each([
    ['', 0],
    ['one', 1],
    ['one\n', 1],
    ['one\ntwo', 2],
    ['one\r\ntwo\r\n', 2],
    ['\n\n', 2],
  ])('%j → %i', (text, lines) => {
    expect(countLines(text)).toBe(lines)
  })
})
