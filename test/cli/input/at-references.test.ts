import {describe, expect, test} from '@jest/globals'

import {findAtReferences} from '../../../src/cli/input/at-references.js'

describe('findAtReferences', () => {
  const cases: Array<[text: string, paths: string[]]> = [
    ['look at @a.txt', ['a.txt']],
    ['@src/a.ts first', ['src/a.ts']],
    ['compare @src/a.ts, @src/b.ts.', ['src/a.ts', 'src/b.ts']],
    ['what does (@lib/x.js) do?', ['lib/x.js']],
    ['@./notes.md and @../up.txt', ['./notes.md', '../up.txt']],
    ['the same @a.txt twice @a.txt', ['a.txt']],
    ['@"my notes.txt" has spaces', ['my notes.txt']],
    ['mail me at a@b.c', []],
    ['@@ is not a path', []],
    ['@@src/a.ts neither', []],
    ['trailing @', []],
    ['inline code `@src/a.ts` stays text', []],
    ['@app.route("/") is a decorator', []],
    ['@. and @.. and @~ are not files', []],
    ['@"unclosed quote', []],
  ]
  test.each(cases)('%j → %j', (text, paths) => {
    expect(findAtReferences(text).map((reference) => reference.path)).toEqual(paths)
  })

  test.each([
    ['@src/a.ts', true],
    ['@a.txt', true],
    ['@"a b"', true],
    ['@Makefile', false],
    ['@bob', false],
  ])('%s is path-shaped: %s', (text, pathLike) => {
    expect(findAtReferences(text)).toEqual([expect.objectContaining({pathLike})])
  })
})
