import {describe, expect, test} from '@jest/globals'

import {diffStat, MAX_DIFF_EDIT_LENGTH, unifiedDiff} from '../../../src/runtime/files/unified-diff.js'

const numbered = (count: number, prefix: string) => Array.from({length: count}, (_, i) => `${prefix} ${i}`).join('\n') + '\n'

describe('unifiedDiff', () => {
  test('one changed line, in the plain unified format', () => {
    expect(unifiedDiff('src/x.txt', 'one\ntwo\nthree\n', 'one\n2\nthree\n')).toBe(
      ['--- a/src/x.txt', '+++ b/src/x.txt', '@@ -1,3 +1,3 @@', ' one', '-two', '+2', ' three', ''].join('\n'),
    )
  })

  test('context is three lines each side', () => {
    const before = numbered(20, 'line')
    const diff = unifiedDiff('f', before, before.replace('line 10\n', 'ten\n'))
    expect(diff).toContain('@@ -8,7 +8,7 @@')
    expect(diff).not.toContain('line 6')
    expect(diff).toContain(' line 7\n')
    expect(diff).toContain(' line 13\n')
    expect(diff).not.toContain('line 14')
  })

  test('no change gives an empty string', () => {
    expect(unifiedDiff('same.txt', 'a\nb\n', 'a\nb\n')).toBe('')
  })

  test('CRLF text diffs without carriage returns in the output', () => {
    const diff = unifiedDiff('w.txt', 'a\r\nb\r\n', 'a\r\nc\r\n')
    expect(diff).not.toContain('\r')
    expect(diff).toContain('-b\n+c\n')
  })

  test('a missing final newline is marked', () => {
    expect(unifiedDiff('f', 'a\nb', 'a\nb\n')).toContain('\\ No newline at end of file')
  })

  test('too many changes: a note with whole-file counts instead of a diff', () => {
    const lines = MAX_DIFF_EDIT_LENGTH
    const diff = unifiedDiff('big.txt', numbered(lines, 'old'), numbered(lines, 'new'))
    expect(diff).toBe(`--- a/big.txt\n+++ b/big.txt\n(diff not shown: too many changes, -${lines} +${lines} lines)\n`)
  })
})

describe('diffStat', () => {
  const cases: Array<[name: string, before: string, after: string, added: number, removed: number]> = [
    ['nothing changed', 'a\nb\n', 'a\nb\n', 0, 0],
    ['one line changed', 'a\nb\nc\n', 'a\nB\nc\n', 1, 1],
    ['two lines added', 'a\n', 'a\nb\nc\n', 2, 0],
    ['one line removed', 'a\nb\nc\n', 'a\nc\n', 0, 1],
    ['new file', '', 'x\ny\n', 2, 0],
    ['emptied file', 'x\ny\nz\n', '', 0, 3],
    ['line endings alone do not count', 'a\r\nb\r\n', 'a\nb\n', 0, 0],
  ]
  test.each(cases)('%s → +%i −%i', (_name, before, after, added, removed) => {
    expect(diffStat(before, after)).toEqual({added, removed})
  })

  test('too many changes: counts every old line out and every new line in', () => {
    expect(diffStat(numbered(MAX_DIFF_EDIT_LENGTH, 'old'), numbered(MAX_DIFF_EDIT_LENGTH + 5, 'new'))).toEqual({
      added: MAX_DIFF_EDIT_LENGTH + 5,
      removed: MAX_DIFF_EDIT_LENGTH,
    })
  })
})
