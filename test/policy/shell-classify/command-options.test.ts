import {describe, expect, test} from '@jest/globals'
import {abbreviates, type OptionSpec, operands, operandStart} from '../../../src/policy/shell-classify/command-options.js'
import type {ShellWord} from '../../../src/policy/shell-parse/parsed-command.js'
import {literalWord} from '../../../src/policy/shell-parse/shell-words.js'

// `$?` stands for a word only known at run time.
const words = (line: string): ShellWord[] => line.split(' ').filter(Boolean).map(literalWord)
const text = (word: ShellWord): string | undefined => (word.text === '$?' ? undefined : word.text)

describe('operandStart', () => {
  test.each<[string, OptionSpec, number]>([
    ['-n 5 sudo ls', {short: 'n'}, 2],
    ['-n5 sudo ls', {short: 'n'}, 1],
    ['-xn 5 sudo', {short: 'n'}, 2],
    ['-nx 5 sudo', {short: 'n'}, 1],
    ['--adjustment 5 sudo', {long: ['adjustment']}, 2],
    ['--adjustment=5 sudo', {long: ['adjustment']}, 1],
    ['-- -x', {}, 1],
    ['- x', {}, 0],
    ['$? -n', {short: 'n'}, 0],
    ['-a -b', {}, 2],
  ])('%j with %j → %d', (line, spec, start) => {
    expect(operandStart(words(line), text, spec)).toBe(start)
  })
})

describe('operands', () => {
  test.each<[string, OptionSpec, string[]]>([
    ['-t dir a -v b', {short: 't'}, ['a', 'b']],
    ['a --suffix .bak b', {long: ['suffix']}, ['a', 'b']],
    ['a --suffix=.bak b', {long: ['suffix']}, ['a', 'b']],
    ['a -- -x -', {}, ['a', '-x', '-']],
    ['$? -v', {}, ['$?']],
  ])('%j with %j → %j', (line, spec, expected) => {
    expect(operands(words(line), text, spec).map((word) => word.text)).toEqual(expected)
  })
})

test.each<[string, string, number, boolean]>([
  ['rec', 'recursive', 1, true],
  ['recursive', 'recursive', 3, true],
  ['r', 'recursive', 3, false],
  ['recursivex', 'recursive', 1, false],
  ['ref', 'recursive', 1, false],
])('abbreviates(%j, %j, %d) → %s', (name, option, shortest, expected) => {
  expect(abbreviates(name, option, shortest)).toBe(expected)
})
