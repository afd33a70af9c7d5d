import {describe, expect, test} from '@jest/globals'

import {createIgnoreRules, escapeLiteral} from '../../../src/runtime/search/ignore-rules.js'

const rules = createIgnoreRules('node_modules/\nbuild\n*.js\n!keep.js\nx/**\n/anchored\nsub/path\n# comment\n')

describe('createIgnoreRules: the path itself decides, not its parents', () => {
  test.each([
    ['node_modules', true, 'ignore'],
    ['node_modules', false, 'none'], // a file named like a directory-only pattern
    ['node_modules/pkg', true, 'none'], // its parent is ignored, but that is the walker's business
    ['node_modules/pkg/README.md', false, 'none'],
    ['node_modules/pkg/index.js', false, 'ignore'], // *.js matches the file itself
    ['deep/build', false, 'ignore'],
    ['build/inside.txt', false, 'none'],
    ['keep.js', false, 'whitelist'],
    ['a/keep.js', false, 'whitelist'],
    ['x/y', false, 'ignore'],
    ['x', true, 'none'],
    ['anchored', false, 'ignore'],
    ['a/anchored', false, 'none'],
    ['sub/path', true, 'ignore'],
    ['a/sub/path', true, 'none'],
    ['# comment', false, 'none'],
    ['BUILD', false, 'none'], // case-sensitive, as git on Linux
  ] as const)('%s (directory: %s) → %s', (relative, isDirectory, verdict) => {
    expect(rules.verdict(relative, isDirectory)).toBe(verdict)
  })

  test('below an ignored directory with special characters in its name', () => {
    const special = createIgnoreRules(['we[ir]d*/', '*.log'])
    expect(special.verdict('we[ir]d*', true)).toBe('none') // the pattern is a glob, not this literal name
    expect(special.verdict('wei', true)).toBe('none')
    expect(special.verdict('weid-x', true)).toBe('ignore')
    expect(special.verdict('weid-x/a.txt', false)).toBe('none')
    expect(special.verdict('weid-x/a.log', false)).toBe('ignore')
  })
})

describe('escapeLiteral', () => {
  test.each([
    ['plain', 'plain'],
    ['a[1]', 'a\\[1\\]'],
    ['*?', '\\*\\?'],
    ['back\\slash', 'back\\\\slash'],
    ['trailing  ', 'trailing\\ \\ '],
  ])('%s → %s', (name, escaped) => {
    expect(escapeLiteral(name)).toBe(escaped)
  })

  test('an escaped name matches only itself', () => {
    const literal = createIgnoreRules(`/${escapeLiteral('a[1]*')}`)
    expect(literal.verdict('a[1]*', false)).toBe('ignore')
    expect(literal.verdict('a1x', false)).toBe('none')
  })
})
