import {expect, test} from '@jest/globals'
import {globMatches} from '../../../src/policy/shell-classify/glob-match.js'

test.each<[string, string, boolean]>([
  ['*', 'anything', true],
  ['*', '', true],
  ['?', 'a', true],
  ['?', 'ab', false],
  ['[a-c]x', 'bx', true],
  ['[!a]x', 'ax', false],
  ['[^a]x', 'bx', true],
  ['a.b', 'axb', false],
  ['a+b', 'a+b', true],
  ['e*c', 'etc', true],
  ['[', '[', true],
  ['[z-a]', '[z-a]', true],
  ['[z-a]', 'z', false],
])('%j matches %j: %s', (pattern, name, expected) => {
  expect(globMatches(pattern, name)).toBe(expected)
})
