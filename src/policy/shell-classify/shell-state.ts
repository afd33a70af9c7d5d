// What a shell knows while it runs a command line: the current directory and plain variables of each
// subshell scope, and script files written earlier on the same line.

import {posix} from 'node:path'
import type {ShellWord, SimpleCommand} from '../shell-parse/parsed-command.js'
import {absolutePath} from './absolute-path.js'
import {operandStart} from './command-options.js'
import {decodePrintf, withoutEchoFlags} from './echo-output.js'
import type {Invocation} from './invocation.js'
import {type Resolved, resolveWord} from './word-values.js'

/** What the classifier knows of the world; null: only known at run time (as when parsing). */
export interface Known {
  cwd: string | null
  home: string | null
}

export type Variables = Map<string, string | null>

export interface ShellState {
  known: Known
  cwd: Map<string, string | null>
  vars: Map<string, Variables>
  /** Files written by `echo … > file` or `cat > file <<EOF` earlier: path as written → content. */
  files: Map<string, string>
}

/** What one command sees when it runs. */
export interface Env {
  /** A word's value, or undefined when it is only known at run time. */
  text: (word: ShellWord) => string | undefined
  resolve: (word: ShellWord) => Resolved
  command: SimpleCommand
  commands: SimpleCommand[]
  /** The directory the command runs in; null when only known at run time. */
  cwd: string | null
  home: string | null
  /** The text an earlier command on the line wrote to the file `path` names, if one did. */
  writtenScript: (path: ShellWord) => string | undefined
  /** The variables visible here, for a script this command runs. */
  variables: () => Variables
}

export function newShellState(known: Known, cwd: string | null, inherited: Variables): ShellState {
  return {known, cwd: new Map([['0', cwd]]), vars: new Map([['0', new Map(inherited)]]), files: new Map()}
}

/** `0.3.7` → `0.3.7`, `0.3`, `0`: a scope and the scopes around it, innermost first. */
function scopeChain(scope: string): string[] {
  const chain: string[] = []
  for (let key = scope; ; key = key.slice(0, key.lastIndexOf('.'))) {
    chain.push(key)
    if (!key.includes('.')) return chain
  }
}

export function envFor(state: ShellState, command: SimpleCommand, commands: SimpleCommand[]): Env {
  const scopes = scopeChain(command.scope)
  const cwdScope = scopes.find((key) => state.cwd.has(key))
  const cwd = (cwdScope === undefined ? undefined : state.cwd.get(cwdScope)) ?? null
  const {home} = state.known
  const variable = (name: string): string | null => {
    for (const key of scopes) {
      const value = state.vars.get(key)?.get(name)
      if (value !== undefined) return value
    }
    if (name === 'HOME') return home
    if (name === 'PWD') return cwd
    if (name === 'USER' || name === 'LOGNAME') return home === null ? null : posix.basename(home)
    if (name === 'SHELL' || name === 'BASH') return '/bin/bash'
    if (name === 'IFS') return ' \t\n'
    return null
  }
  const resolve = (word: ShellWord): Resolved => resolveWord(word, variable)
  const variables = (): Variables => {
    const visible: Variables = new Map()
    for (const key of scopes.toReversed()) for (const [name, value] of state.vars.get(key) ?? []) visible.set(name, value)
    return visible
  }
  return {
    text: (word) => {
      const resolved = resolve(word)
      return resolved.known ?? resolved.likely
    },
    resolve,
    command,
    commands,
    cwd,
    home,
    writtenScript: (path) => state.files.get(scriptKey(path.text)),
    variables,
  }
}

/** The command whose output is piped into this one, if any. */
export function upstreamOf(env: Env): SimpleCommand | undefined {
  const place = env.command.pipeline
  if (!place || place.index === 0) return undefined
  return env.commands.find((other) => other.pipeline?.id === place.id && other.pipeline.index === place.index - 1)
}

/** What a command changes for the commands after it: variables, the directory, files it writes. */
export function applyEffects(state: ShellState, command: SimpleCommand, env: Env, invocations: Invocation[]): void {
  const name = invocations[0]?.name
  const assigns = command.argv.length === 0 || ['export', 'declare', 'local', 'readonly', 'typeset'].includes(name ?? '')
  if (assigns) {
    for (const assignment of command.assignments) {
      const value = assignment.value === undefined ? null : (env.resolve(assignment.value).known ?? null)
      setVariable(state, command.scope, assignment.name, value)
      if (assignment.values) assignArray(state, command.scope, assignment.name, assignment.values.map((word) => env.resolve(word).known ?? null))
    }
  }
  if (name === 'unset') {
    for (const word of command.argv.slice(1)) {
      const text = env.text(word)
      if (text !== undefined && !text.startsWith('-')) setVariable(state, command.scope, text, '')
    }
  }
  const cd = invocations.find((invocation) => ['cd', 'pushd', 'popd'].includes(invocation.name ?? ''))
  if (cd) state.cwd.set(command.scope, directoryAfterCd(cd, env))
  recordWrittenScript(state.files, command, name)
}

/** `a=(x y)`: `$a` and `${a[0]}` are x, `${a[@]}` is all of them (split again where a command name needs it). */
function assignArray(state: ShellState, scope: string, name: string, values: Array<string | null>): void {
  const all = values.some((value) => value === null) ? null : values.join(' ')
  setVariable(state, scope, `${name}[@]`, all)
  setVariable(state, scope, `${name}[*]`, all)
  values.forEach((value, index) => setVariable(state, scope, `${name}[${index}]`, value))
  setVariable(state, scope, name, values[0] ?? '')
}

function setVariable(state: ShellState, scope: string, name: string, value: string | null): void {
  const vars = state.vars.get(scope) ?? new Map<string, string | null>()
  vars.set(name, value)
  state.vars.set(scope, vars)
}

function directoryAfterCd(cd: Invocation, env: Env): string | null {
  if (cd.name === 'popd') return null
  const args = cd.words.slice(1)
  const target = args[operandStart(args, env.text, {})]
  if (target === undefined) return cd.name === 'cd' ? env.home : null
  const text = env.text(target)
  if (text === undefined || text === '-' || /^[+-]\d+$/.test(text)) return null
  return absolutePath(text, env.cwd) ?? null
}

/** `echo 'cmd' > x.sh` or `cat > x.sh <<EOF`: remember the text, in case the line runs `sh x.sh` next. */
function recordWrittenScript(files: Map<string, string>, command: SimpleCommand, name: string | undefined): void {
  const output = command.redirects.findLast((redirect) => ['>', '>>', '>|'].includes(redirect.operator) && redirect.target)
  if (!output?.target) return
  let content: string | undefined
  if (name === 'echo' || name === 'printf') {
    content = withoutEchoFlags(command.argv.slice(1), (word) => word.text).map((word) => word.text).join(' ')
    if (name === 'printf') content = decodePrintf(content)
  } else if (name === 'cat' && command.argv.length === 1) {
    content = command.redirects.findLast((redirect) => redirect.body !== undefined)?.body?.text
  }
  if (content === undefined) return
  const key = scriptKey(output.target.text)
  files.set(key, output.operator === '>>' ? `${files.get(key) ?? ''}\n${content}` : content)
}

/** `./x.sh` and `x.sh` name the same file. */
function scriptKey(path: string): string {
  return path.replace(/^(\.\/)+/, '')
}
