import {describe, expect, test} from '@jest/globals'

import {formatProblemLines, wrapWords} from '../../../src/cli/terminal/format-call.js'

describe('formatProblemLines', () => {
  test('a policy reason starting with "refused:" is said once, without the instruction meant for the model', () => {
    const text = 'Refused: refused: rm -rf / is never run by lillycoder. Do not retry this call; choose another way or ask the user.'
    expect(formatProblemLines(text, 200)).toEqual(['Refused: rm -rf / is never run by lillycoder.'])
  })

  test('a long reason wraps at spaces and keeps every word', () => {
    const reason = 'Refused: git_commit may not change /home/someone/outside.txt because it lies outside the workspace.'
    const lines = formatProblemLines(reason, 30)
    expect(lines.length).toBeGreaterThan(2)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30)
    expect(lines.join(' ')).toBe(reason)
  })

  test('a multi-line error shows its first line and counts the rest', () => {
    expect(formatProblemLines('Error: exit code 2\nline a\nline b', 80)).toEqual(['Error: exit code 2 (+2 lines)'])
  })
})

describe('wrapWords', () => {
  test.each([
    ['short text', 20, ['short text']],
    ['one two three four', 9, ['one two', 'three', 'four']],
    ['abcdefghijkl', 5, ['abcde', 'fghij', 'kl']],
    ['', 10, ['']],
  ])('%j at width %d', (text, width, expected) => {
    expect(wrapWords(text, width)).toEqual(expected)
  })
})
