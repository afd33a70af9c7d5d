import {expect, test} from '@jest/globals'
import {type Resolved, resolveWord} from '../../../src/policy/shell-classify/word-values.js'
import type {WordPart} from '../../../src/policy/shell-parse/parsed-command.js'
import {wordOf} from '../../../src/policy/shell-parse/shell-words.js'

const values: Record<string, string | null> = {HOME: '/home/dev', PWD: '/work', P: '/a/b/c.txt', EMPTY: '', DIR: null}
const lookup = (name: string): string | null => values[name] ?? null
const literal = (text: string): WordPart => ({kind: 'literal', text, quoted: false})
const variable = (name: string, operator?: string, operand?: string): WordPart => ({
  kind: 'variable', name, text: `\${${name}${operator ?? ''}${operand ?? ''}}`, operator, operand,
})

test.each<[string, WordPart[], Resolved]>([
  ['a literal', [literal('/etc')], {known: '/etc', likely: '/etc', worst: '/etc'}],
  ['a known variable', [variable('HOME'), literal('/x')], {known: '/home/dev/x', likely: '/home/dev/x', worst: '/home/dev/x'}],
  ['an unknown variable', [variable('DIR'), literal('/x')], {known: undefined, likely: undefined, worst: '/x'}],
  ['an unknown variable with a default', [variable('DIR', ':-', '/')], {known: undefined, likely: '/', worst: '/'}],
  ['an empty variable with :-', [variable('EMPTY', ':-', '/tmp')], {known: '/tmp', likely: '/tmp', worst: '/tmp'}],
  ['an empty variable with -', [variable('EMPTY', '-', '/tmp')], {known: '', likely: '', worst: ''}],
  ['a set variable with :+', [variable('HOME', ':+', 'yes')], {known: 'yes', likely: 'yes', worst: 'yes'}],
  ['an empty variable with :+', [variable('EMPTY', ':+', 'yes')], {known: '', likely: '', worst: ''}],
  ['the shortest suffix cut (%)', [variable('P', '%', '/*')], {known: '/a/b', likely: '/a/b', worst: '/a/b'}],
  ['the longest suffix cut (%%)', [variable('P', '%%', '/*')], {known: '', likely: '', worst: ''}],
  ['the shortest prefix cut (#)', [variable('P', '#', '*/')], {known: 'a/b/c.txt', likely: 'a/b/c.txt', worst: 'a/b/c.txt'}],
  ['the longest prefix cut (##)', [variable('P', '##', '*/')], {known: 'c.txt', likely: 'c.txt', worst: 'c.txt'}],
  ['~', [{kind: 'tilde', user: ''}, literal('/x')], {known: '/home/dev/x', likely: '/home/dev/x', worst: '/home/dev/x'}],
  ['~root', [{kind: 'tilde', user: 'root'}], {known: '/root', likely: '/root', worst: '/root'}],
  ['~bob, beside the home directory', [{kind: 'tilde', user: 'bob'}], {known: '/home/bob', likely: '/home/bob', worst: '/home/bob'}],
  ['~+', [{kind: 'tilde', user: '+'}], {known: '/work', likely: '/work', worst: '/work'}],
  ['~-', [{kind: 'tilde', user: '-'}, literal('/x')], {known: undefined, likely: undefined, worst: '/x'}],
  ['$(echo /)', [{kind: 'substitution', text: '$(echo /)', value: '/'}], {known: '/', likely: '/', worst: '/'}],
  ['$(date)', [{kind: 'substitution', text: '$(date)'}, literal('/x')], {known: undefined, likely: undefined, worst: '/x'}],
])('%s', (_case, parts, expected) => {
  expect(resolveWord(wordOf(parts), lookup)).toEqual(expected)
})
