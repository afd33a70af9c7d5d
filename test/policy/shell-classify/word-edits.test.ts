import {expect, test} from '@jest/globals'
import {appendParts, replaceToken, withoutPrefix} from '../../../src/policy/shell-classify/word-edits.js'
import type {WordPart} from '../../../src/policy/shell-parse/parsed-command.js'
import {literalWord, wordOf} from '../../../src/policy/shell-parse/shell-words.js'

const home: WordPart[] = [{kind: 'variable', name: 'HOME', text: '$HOME'}]

test('replaceToken puts the replacement parts where the token stands', () => {
  const replaced = replaceToken(literalWord('{}/x{}'), '{}', home)
  expect(replaced.text).toBe('$HOME/x$HOME')
  expect(replaced.dynamic).toBe(true)
  expect(replaced.parts.filter((part) => part.kind === 'variable')).toHaveLength(2)
})

test('replaceToken leaves a word without the token, or a dynamic word, as it is', () => {
  const plain = literalWord('x')
  expect(replaceToken(plain, '{}', home)).toBe(plain)
  const dynamic = wordOf([...home, {kind: 'literal', text: '{}', quoted: false}])
  expect(replaceToken(dynamic, '{}', [{kind: 'literal', text: 'a', quoted: true}])).toBe(dynamic)
})

test.each<[string, string, string]>([
  ['dir', '/*', 'dir/*'],
  ['dir/', '/*', 'dir/*'],
  ['/', '/{}', '/{}'],
])('appendParts(%j, %j) → %j', (text, suffix, expected) => {
  const word = appendParts(literalWord(text), suffix)
  expect(word.text).toBe(expected)
  expect(word.raw).toBe(text)
})

test('withoutPrefix drops a literal prefix and keeps the rest of the parts', () => {
  expect(withoutPrefix(literalWord('of=/dev/sda'), 'of=').text).toBe('/dev/sda')
  const word = wordOf([{kind: 'literal', text: 'of=', quoted: false}, ...home])
  const rest = withoutPrefix(word, 'of=')
  expect(rest.parts).toEqual(home)
  expect(rest.text).toBe('$HOME')
})
