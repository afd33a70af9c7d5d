// Reading a `find` command line: where it starts, what narrows it, whether it deletes, what it -execs.

import type {ShellWord} from '../shell-parse/parsed-command.js'
import {literalWord} from '../shell-parse/shell-words.js'
import type {Inner} from './invocation.js'
import type {Env} from './shell-state.js'
import {appendParts, replaceToken} from './word-edits.js'

export interface FindCommand {
  starts: ShellWord[]
  /** A -name/-path/-regex test narrows what it touches. */
  targeted: boolean
  /** Whether the start directory itself can be among the paths (not with -mindepth 1 or -type f). */
  includesStart: boolean
  deletes: boolean
  execs: ShellWord[][]
}

const FIND_NAME_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname'])

/** Reads find's arguments; its tests are read only as far as telling how widely it reaches. */
export function parseFind(args: ShellWord[], env: Env): FindCommand {
  let index = 0
  while (index < args.length && /^-([HLP]|D|O\d*)$/.test(env.text(args[index] as ShellWord) ?? '')) {
    index += env.text(args[index] as ShellWord) === '-D' ? 2 : 1
  }
  const starts: ShellWord[] = []
  while (index < args.length) {
    const value = env.text(args[index] as ShellWord)
    if (value !== undefined && (/^-./.test(value) || ['(', ')', '!', ','].includes(value))) break
    starts.push(args[index] as ShellWord)
    index += 1
  }
  const expression = args.slice(index).map((word) => env.text(word) ?? '')
  const find: FindCommand = {
    starts: starts.length > 0 ? starts : [literalWord('.')],
    targeted: false,
    includesStart: true,
    deletes: false,
    execs: [],
  }
  const alternatives = expression.some((value) => ['-o', '-or', ','].includes(value))
  for (let at = 0; at < expression.length; at += 1) {
    const value = expression[at] ?? ''
    const negated = ['!', '-not'].includes(expression[at - 1] ?? '')
    const operand = expression[at + 1] ?? ''
    if (FIND_NAME_TESTS.has(value) && !negated && !alternatives) find.targeted = true
    if (!negated && !alternatives && ((value === '-type' && !operand.includes('d')) || (value === '-mindepth' && operand !== '0')))
      find.includesStart = false
    if (value === '-delete') find.deletes = true
    if (['-exec', '-execdir', '-ok', '-okdir'].includes(value)) {
      const end = expression.findIndex((item, position) => position > at && (item === ';' || item === '+'))
      const stop = end === -1 ? expression.length : end
      find.execs.push(args.slice(index + at + 1, index + stop))
      at = stop
    }
  }
  return find
}

/** What `find -exec`/`-execdir`/`-ok` runs: the command once for each kind of path `{}` can stand for. */
export function unwrapFind(args: ShellWord[], env: Env): Inner[] {
  const find = parseFind(args, env)
  const items = findItems(find)
  return find.execs.flatMap((words) =>
    items.map((item) => ({words: words.map((word) => replaceToken(word, '{}', item.parts)), viaFind: true})),
  )
}

/** What `{}` stands for: the start itself, everything below it, or (narrowed by name) some path below it. */
export function findItems(find: FindCommand): ShellWord[] {
  if (find.targeted) return find.starts.map((start) => appendParts(start, '/{}'))
  if (!find.includesStart) return find.starts.map((start) => appendParts(start, '/*'))
  return find.starts
}
