import {describe, expect, test} from '@jest/globals'

import {createIgnorePackageRules, createIgnoreRules, escapeLiteral} from '../../../src/runtime/search/ignore-rules.js'
import {parseNameRule} from '../../../src/runtime/search/name-rules.js'

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

describe('name-only lines are matched without the ignore package, with the same answers', () => {
  test.each([
    ['*.log', true],
    ['node_modules/', true],
    ['!keep.js', true],
    ['file?.txt', true],
    ['.env*', true],
    ['a+b(c).{x}', true],
    ['src/*.ts', false],
    ['/anchored', false],
    ['x/**', false],
    ['**', false],
    ['we[ir]d', false],
    ['esc\\*', false],
    ['trailing ', false],
    ['#comment', false],
    ['!#x', false],
    ['.', false],
  ])('%s is name-only: %s', (line, nameOnly) => {
    expect(parseNameRule(line) !== undefined).toBe(nameOnly)
  })

  const ruleSets = [
    'node_modules/\nbuild/\n*.log\n',
    '*.js\n!keep.js\nkeep.js\n',
    '*.tmp\n/dist\n!important.tmp\nsrc/*.tmp\n*.md\n',
    'x/**\n!*.txt\ndocs/\n!docs\n',
    'file?.txt\n.env*\na+b(c).{x}\n',
    '# comment\r\n*.log\r\n!a.log\r\n',
    '!*.ts\n*\n',
  ]
  const paths = [
    'node_modules', 'a/node_modules', 'node_modules/x.js', 'build', 'app.log', 'a/b/app.log', 'a.log', 'x.js', 'keep.js', 'src/keep.js', 'x.tmp', 'src/x.tmp',
    'important.tmp', 'src/important.tmp', 'dist', 'src/dist', 'README.md', 'x/a.txt', 'x/y/z.js', 'docs', 'docs/a', 'file1.txt', 'file12.txt', '.env.local', 'sub/.env',
    'a+b(c).{x}', 'abbc.x', 'main.ts', 'lib/main.ts', 'other',
  ]
  test.each(ruleSets)('%j', (rules) => {
    const fast = createIgnoreRules(rules)
    const reference = createIgnorePackageRules(rules)
    const answers = (of: typeof fast) => paths.flatMap((path) => [false, true].map((isDirectory) => `${path}${isDirectory ? '/' : ''} ${of.verdict(path, isDirectory)}`))
    expect(answers(fast)).toEqual(answers(reference))
  })
})
