// Unwrapping `xargs`: the command it runs, with the items a pipe feeds it where they are plain to see.

import type {ShellWord} from '../shell-parse/parsed-command.js'
import {literalWord} from '../shell-parse/shell-words.js'
import {LONG_OPTION, operands} from './command-options.js'
import {decodePrintf, withoutEchoFlags} from './echo-output.js'
import {findItems, parseFind} from './find-command.js'
import {commandName, type Inner} from './invocation.js'
import {type Env, upstreamOf} from './shell-state.js'
import {replaceToken} from './word-edits.js'

/** The command xargs runs (echo by default), with the piped items appended or put in place of its -I token. */
export function unwrapXargs(args: ShellWord[], env: Env): Inner[] {
  let replace: string | undefined
  let index = 0
  while (index < args.length) {
    const value = env.text(args[index] as ShellWord)
    if (value === undefined || value === '-' || !value.startsWith('-')) break
    if (value === '--') {
      index += 1
      break
    }
    const long = LONG_OPTION.exec(value)
    if (long) {
      if (long[1] === 'replace') replace = long[2] ?? '{}'
      const takes = ['arg-file', 'delimiter', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'].includes(long[1] ?? '')
      index += takes && long[2] === undefined ? 2 : 1
      continue
    }
    const letters = value.slice(1)
    const at = [...letters].findIndex((letter) => 'adEILnPseil'.includes(letter))
    const letter = at === -1 ? undefined : letters[at]
    const attached = at === -1 ? '' : letters.slice(at + 1)
    const next = args[index + 1] && env.text(args[index + 1] as ShellWord)
    if (letter === 'I') replace = attached || next
    if (letter === 'i') replace = attached || '{}'
    index += letter !== undefined && 'adEILnPs'.includes(letter) && attached === '' ? 2 : 1
  }
  const command = index < args.length ? args.slice(index) : [literalWord('echo')]
  const items = upstreamItems(env)
  if (replace === undefined) return [{words: [...command, ...(items ?? [])]}]
  const token = replace
  // Unknown input: the command still runs, with whatever the pipe gives in place of the token.
  return (items ?? [literalWord(token)]).map((item) => ({words: command.map((word) => replaceToken(word, token, item.parts))}))
}

/** The items a pipe feeds to xargs, when the command before it prints fixed words. */
function upstreamItems(env: Env): ShellWord[] | undefined {
  const upstream = upstreamOf(env)
  if (!upstream || !upstream.argv[0]) return undefined
  const name = commandName(env.text(upstream.argv[0]) ?? '$')
  if (name === 'find') return findItems(parseFind(upstream.argv.slice(1), env))
  if (name === 'ls') {
    // `ls dir` prints the names in dir, which xargs then takes relative to where it runs.
    const dirs = operands(upstream.argv.slice(1), env.text, {short: 'IwT', long: ['ignore', 'width', 'tabsize', 'format', 'sort', 'time-style']})
    return dirs.length <= 1 ? [literalWord('*')] : undefined
  }
  if (name !== 'echo' && name !== 'printf') return undefined
  const texts = upstream.argv.slice(1).map((word) => env.text(word))
  if (texts.some((text) => text === undefined)) return undefined
  const joined = withoutEchoFlags(texts as string[], (text) => text).join(' ')
  return decodePrintf(joined).split(/\s+/).filter(Boolean).map(literalWord)
}
