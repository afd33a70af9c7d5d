import {expect, test} from '@jest/globals'
import {expandBraces} from '../../../src/policy/shell-parse/brace-expansion.js'
import type {WordPart} from '../../../src/policy/shell-parse/parsed-command.js'
import {wordOf} from '../../../src/policy/shell-parse/shell-words.js'

const texts = (parts: WordPart[]): string[] => expandBraces(parts).map((expanded) => wordOf(expanded).text)

test.each<[string, string[]]>([
  ['/{etc,usr}', ['/etc', '/usr']],
  ['x{a,b{1,2}}y', ['xay', 'xb1y', 'xb2y']],
  ['{1..3}', ['1', '2', '3']],
  ['{3..1}', ['3', '2', '1']],
  ['{c..a}', ['c', 'b', 'a']],
  ['{a}', ['{a}']],
  ['{a,b', ['{a,b']],
  ['plain', ['plain']],
])('unquoted %j → %j', (text, expected) => {
  expect(texts([{kind: 'literal', text, quoted: false}])).toEqual(expected)
})

test('quoted braces are left alone; an expansion inside braces is one alternative, as bash expands braces first', () => {
  expect(texts([{kind: 'literal', text: '{a,b}', quoted: true}])).toEqual(['{a,b}'])
  const parts: WordPart[] = [{kind: 'literal', text: '{', quoted: false}, {kind: 'variable', name: 'X', text: '$X'}, {kind: 'literal', text: ',b}', quoted: false}]
  expect(texts(parts)).toEqual(['$X', 'b'])
})

test('stops at 256 words', () => {
  expect(texts([{kind: 'literal', text: '{1..1000}', quoted: false}])).toHaveLength(256)
  expect(texts([{kind: 'literal', text: '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}', quoted: false}])).toHaveLength(256)
})
