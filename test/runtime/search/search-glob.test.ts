import {describe, expect, test} from '@jest/globals'

import {createSearchGlob, expandBraces} from '../../../src/runtime/search/search-glob.js'

describe('expandBraces', () => {
  test.each([
    ['*.ts', ['*.ts']],
    ['*.{ts,tsx}', ['*.ts', '*.tsx']],
    ['{src,test}/**/*.{js,mjs}', ['src/**/*.js', 'src/**/*.mjs', 'test/**/*.js', 'test/**/*.mjs']],
    ['a{b,{c,d}}e', ['abe', 'ace', 'ade']],
    ['{single}', ['{single}']],
    ['\\{a,b}', ['\\{a,b}']],
    ['{,x}y', ['y', 'xy']],
  ])('%s → %j', (glob, expected) => {
    expect(expandBraces(glob)).toEqual(expected)
  })
})

describe('createSearchGlob (rg -g semantics)', () => {
  test.each([
    ['*.ts', 'src/a.ts', false, 'include'],
    ['*.ts', 'src/a.js', false, 'exclude'],
    ['*.ts', 'src', true, 'none'], // directories are walked, not picked
    ['src/*.ts', 'src/a.ts', false, 'include'],
    ['src/*.ts', 'src/lib/a.ts', false, 'exclude'],
    ['src/**/*.ts', 'src/lib/a.ts', false, 'include'],
    ['./src/*.ts', 'src/a.ts', false, 'include'],
    ['*.{ts,md}', 'README.md', false, 'include'],
    ['!*.md', 'README.md', false, 'exclude'],
    ['!*.md', 'a.ts', false, 'none'],
    ['!vendor', 'vendor', true, 'exclude'],
    ['lib/', 'lib', true, 'include'],
    ['lib/', 'lib/a.ts', false, 'exclude'], // the path itself decides, as in rg
  ] as const)('%s on %s (directory: %s) → %s', (glob, relative, isDirectory, verdict) => {
    expect(createSearchGlob(glob).verdict(relative, isDirectory)).toBe(verdict)
  })

  test.each([
    ['src/lib/*.ts', 'src', 'lib/a.ts', 'include'],
    ['lib/*.ts', 'src', 'lib/a.ts', 'include'],
    ['!src/*.md', 'src', 'a.md', 'exclude'],
    ['src/*.ts', '', 'src/a.ts', 'include'],
    ['src/*.ts', 'lib', 'src/a.ts', 'include'],
  ] as const)('%s while searching %j: %s → %s', (glob, base, relative, verdict) => {
    expect(createSearchGlob(glob, base).verdict(relative, false)).toBe(verdict)
  })

  test.each([
    ['*.{ts,tsx}', ['*.ts', '*.tsx']],
    ['!*.{md,txt}', ['!*.md', '!*.txt']],
    ['{single}', ['\\{single\\}']],
  ])('ripgrep gets %s as %j', (glob, expected) => {
    expect(createSearchGlob(glob).ripgrepGlobs).toEqual(expected)
  })
})
