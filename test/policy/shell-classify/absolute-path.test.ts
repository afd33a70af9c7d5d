import {expect, test} from '@jest/globals'
import {absolutePath} from '../../../src/policy/shell-classify/absolute-path.js'

test.each<[string, string | null, string | undefined | null]>([
  ['', '/w', undefined],
  ['a', null, null],
  ['/a/../b/', null, '/b'],
  ['a/b', '/w', '/w/a/b'],
  ['../..', '/w/p', '/'],
  ['./', '/w', '/w'],
  ['/', null, '/'],
  ['//x//', '/w', '/x'],
])('%j in %j → %j', (path, cwd, expected) => {
  expect(absolutePath(path, cwd)).toBe(expected)
})
