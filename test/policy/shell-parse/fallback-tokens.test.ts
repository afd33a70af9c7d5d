import {expect, test} from '@jest/globals'
import {tokenizeCommands} from '../../../src/policy/shell-parse/fallback-tokens.js'

const argvs = (source: string): string[][] => tokenizeCommands(source).map((command) => command.argv.map((word) => word.text))

test.each<[string, string[][]]>([
  ['sudo rm -rf / (', [['sudo', 'rm', '-rf', '/']]],
  ['if true; then sudo ls; fi', [['true'], ['sudo', 'ls']]],
  ['a $(b c) d', [['a'], ['b', 'c'], ['d']]],
  ['x | y & z', [['x'], ['y'], ['z']]],
  ["echo 'a b' \"c d\" e\\ f", [['echo', 'a b', 'c d', 'e f']]],
  ["$'\\x73udo' s\\udo s''udo", [['sudo', 'sudo', 'sudo']]],
  ['ls # sudo ls', [['ls']]],
  ["echo 'unterminated", [['echo', 'unterminated']]],
])('%j → %j', (source, expected) => {
  expect(argvs(source)).toEqual(expected)
})

test('redirections, assignments and expansions are kept apart from the words', () => {
  const [command] = tokenizeCommands('X=1 Y=2 2>/dev/null cat "$HOME/${F:-a}" > out')
  expect(command?.assignments.map((assignment) => assignment.name)).toEqual(['X', 'Y'])
  expect(command?.redirects.map((redirect) => [redirect.operator, redirect.target?.text])).toEqual([['>', '/dev/null'], ['>', 'out']])
  expect(command?.argv.map((word) => word.text)).toEqual(['cat', '$HOME/${F:-a}'])
  expect(command?.argv[1]?.dynamic).toBe(true)
  expect(command?.argv[1]?.parts[2]).toMatchObject({kind: 'variable', name: 'F', operator: ':-', operand: 'a', quoted: true})
  expect(command?.syntax).toEqual(['fallback'])
})

test('a leading ~ is a tilde prefix', () => {
  expect(tokenizeCommands('rm -rf ~/x')[0]?.argv[2]?.parts[0]).toEqual({kind: 'tilde', user: ''})
})
