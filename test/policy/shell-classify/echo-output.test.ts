import {expect, test} from '@jest/globals'
import {decodePrintf, withoutEchoFlags} from '../../../src/policy/shell-classify/echo-output.js'

test.each<[string[], string[]]>([
  [['-n', 'a', '-n'], ['a', '-n']],
  [['-neE', 'x'], ['x']],
  [['-x', 'y'], ['-x', 'y']],
  [[], []],
])('withoutEchoFlags(%j) → %j', (args, expected) => {
  expect(withoutEchoFlags(args, (arg) => arg)).toEqual(expected)
})

test('decodePrintf turns \\n and \\t into a newline and a tab', () => {
  expect(decodePrintf('sudo ls\\n\\tid')).toBe('sudo ls\n\tid')
})
