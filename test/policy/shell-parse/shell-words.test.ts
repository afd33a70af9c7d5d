import {describe, expect, test} from '@jest/globals'
import type {WordPart} from '../../../src/policy/shell-parse/parsed-command.js'
import {decodeAnsiC, finishWord, literalWord, mergeLiterals, withTilde, wordOf} from '../../../src/policy/shell-parse/shell-words.js'

const unquoted = (text: string): WordPart => ({kind: 'literal', text, quoted: false})
const quoted = (text: string): WordPart => ({kind: 'literal', text, quoted: true})

describe('decodeAnsiC', () => {
  test.each<[string, string]>([
    ['\\x73udo', 'sudo'],
    ['\\163udo', 'sudo'],
    ['\\u00e9', 'é'],
    ['\\U0001F600', '😀'],
    ['a\\nb\\tc', 'a\nb\tc'],
    ['\\cA', '\x01'],
    ["it\\'s", "it's"],
    ['\\q', '\\q'],
  ])('%j → %j', (escaped, decoded) => {
    expect(decodeAnsiC(escaped)).toBe(decoded)
  })
})

describe('withTilde', () => {
  test('an unquoted leading ~ up to the first slash is a tilde prefix', () => {
    expect(withTilde([unquoted('~/x')])).toEqual([{kind: 'tilde', user: ''}, unquoted('/x')])
    expect(withTilde([unquoted('~bob/x')])).toEqual([{kind: 'tilde', user: 'bob'}, unquoted('/x')])
  })

  test.each<[string, WordPart[]]>([
    ['a quoted ~', [quoted('~/x')]],
    ['a ~ not at the start', [unquoted('a~/x')]],
    ['a prefix that runs into another part', [unquoted('~'), {kind: 'variable', name: 'USER', text: '$USER'}]],
    ['a user name bash would not read', [unquoted('~a*b/x')]],
  ])('leaves %s as it is', (_case, parts) => {
    expect(withTilde(parts)).toEqual(parts)
  })
})

describe('building words', () => {
  test('mergeLiterals joins neighbours of the same quoting and drops empty ones', () => {
    expect(mergeLiterals([unquoted('a'), unquoted('b'), quoted(''), quoted('c'), unquoted('d')])).toEqual([
      unquoted('ab'),
      quoted('c'),
      unquoted('d'),
    ])
    expect(mergeLiterals([unquoted(''), quoted('')])).toEqual([quoted('')])
  })

  test('wordOf renders tildes and expansions as written and flags expansions as dynamic', () => {
    const word = wordOf([{kind: 'tilde', user: 'bob'}, unquoted('/'), {kind: 'variable', name: 'X', text: '${X}'}])
    expect(word).toMatchObject({raw: '~bob/${X}', text: '~bob/${X}', dynamic: true})
    expect(wordOf([quoted('a b')], "'a b'")).toEqual({raw: "'a b'", text: 'a b', parts: [quoted('a b')], dynamic: false})
  })

  test('finishWord keeps the raw text and merges the parts', () => {
    expect(finishWord('"a"b', [quoted('a'), quoted('b')])).toEqual({raw: '"a"b', text: 'ab', parts: [quoted('ab')], dynamic: false})
  })

  test('literalWord is one quoted literal', () => {
    expect(literalWord('$x')).toEqual({raw: '$x', text: '$x', parts: [quoted('$x')], dynamic: false})
  })
})
