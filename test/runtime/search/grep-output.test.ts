import {describe, expect, test} from '@jest/globals'

import {describeProblems, excerptLine, formatGrepResult} from '../../../src/runtime/search/grep-output.js'

describe('excerptLine', () => {
  test('a short line stays whole', () => {
    expect(excerptLine('const a = 1', /a/u, 20)).toBe('const a = 1')
  })

  test('a long line with an early match keeps its start', () => {
    expect(excerptLine(`needle${'x'.repeat(30)}`, /needle/u, 10)).toBe('needlexxxx […26 more chars]')
  })

  test('a long line with a late match is cut around the match', () => {
    const text = `${'a'.repeat(100)}needle${'b'.repeat(100)}`
    expect(excerptLine(text, /needle/u, 20)).toBe('[…96 chars] aaaaneedlebbbbbbbbbb […90 more chars]')
  })

  test('a match near the end shows the end', () => {
    const text = `${'a'.repeat(100)}needle`
    expect(excerptLine(text, /needle/u, 20)).toBe('[…86 chars] aaaaaaaaaaaaaaneedle')
  })

  test('never splits a surrogate pair', () => {
    const text = `${'😀'.repeat(20)}`
    const excerpt = excerptLine(text, /x/u, 5)
    expect(excerpt.startsWith('😀😀')).toBe(true)
    expect(excerpt).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })
})

describe('formatGrepResult', () => {
  const matches = [
    {path: 'src/a.ts', line: 3, text: 'const needle = 1'},
    {path: 'src/b.ts', line: 10, text: 'needle()'},
  ]

  test('path:line:text per match', () => {
    expect(formatGrepResult({matches, total: 2, countStopped: false, problems: [], engine: 'javascript'}, /needle/u)).toBe('src/a.ts:3:const needle = 1\nsrc/b.ts:10:needle()')
  })

  test('says how many more matched', () => {
    const text = formatGrepResult({matches, total: 242, countStopped: false, problems: [], engine: 'ripgrep'}, /needle/u)
    expect(text.split('\n').at(-1)).toBe('… 240 more matches not shown; narrow with path or glob')
  })

  test('one more match is singular', () => {
    expect(formatGrepResult({matches, total: 3, countStopped: false, problems: [], engine: 'ripgrep'}, /needle/u)).toMatch(/… 1 more match not shown/)
  })

  test('a count that stopped says "at least"', () => {
    const text = formatGrepResult({matches, total: 100_000, countStopped: true, problems: [], engine: 'javascript'}, /needle/u)
    expect(text.split('\n').at(-1)).toBe('… at least 99998 more matches not shown; narrow with path or glob')
  })

  test('problems are listed after the matches', () => {
    expect(describeProblems(['a: EACCES', 'b: EACCES', 'c: EIO', 'd: EIO'])).toBe('(Could not read 4 paths: a: EACCES; b: EACCES; c: EIO and 1 more.)')
  })
})
