// Where shells and interpreters get the scripts they run: `sh -c`, a script file, stdin, `python -c` code.

import type {ShellWord} from '../shell-parse/parsed-command.js'
import {LONG_OPTION} from './command-options.js'
import {decodePrintf, withoutEchoFlags} from './echo-output.js'
import {commandName, type Inner, type Invocation, type ScriptRef} from './invocation.js'
import {type Env, upstreamOf} from './shell-state.js'

const SHELLS = new Set(['sh', 'bash', 'rbash', 'zsh', 'dash', 'ksh', 'mksh', 'pdksh', 'ash', 'yash', 'posh', 'fish', 'csh', 'tcsh'])
const PYTHON = /^(python|pypy)[\d.]*$/

/** sh, bash, zsh …: shells that take `-c` and read a script from stdin. */
export function isShell(name: string): boolean {
  return SHELLS.has(name)
}

/** python/perl/ruby/node/php/deno: interpreters whose inline code can call a shell. */
export function isInterpreter(name: string): boolean {
  return PYTHON.test(name) || ['perl', 'ruby', 'node', 'nodejs', 'bun', 'php', 'deno'].includes(name)
}

/** A script handed over as words; expansions stay as written, to be resolved when it is classified. */
export function joinedScript(words: ShellWord[]): ScriptRef {
  return {text: words.map((word) => word.text).join(' ')}
}

/** The script a shell runs: its `-c` string, a script file written earlier on the line, or what it reads on stdin. */
export function shellScripts(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  let index = 0
  let inline = false
  while (index < args.length) {
    const value = env.text(args[index] as ShellWord)
    if (value === undefined) break
    if (value === '--' || value === '-') {
      index += 1
      break
    }
    if (value.startsWith('--')) {
      index += ['--rcfile', '--init-file'].includes(value) ? 2 : 1
      continue
    }
    if (!/^[-+][a-zA-Z]+$/.test(value)) break
    if (value.startsWith('-') && value.includes('c')) inline = true
    index += /[oO]$/.test(value) ? 2 : 1
  }
  const operand = args[index]
  if (inline) {
    if (operand) invocation.scripts.push({...joinedScript([operand]), positional: args.slice(index + 1)})
    return []
  }
  if (operand) {
    const written = env.writtenScript(operand)
    if (written !== undefined) invocation.scripts.push({text: written})
    else if (env.text(operand) === undefined)
      invocation.scripts.push({why: `${invocation.name ?? 'sh'} runs a script file only known at run time`})
    return []
  }
  const stdin = stdinScript(env)
  if (stdin) invocation.scripts.push(stdin)
  return []
}

/** What a shell without a script operand reads: a heredoc, a here-string or what a pipe feeds it. */
function stdinScript(env: Env): ScriptRef | undefined {
  const redirect = env.command.redirects.findLast((entry) => entry.body !== undefined || entry.operator === '<<<')
  if (redirect?.body) return joinedScript([redirect.body])
  if (redirect?.target) return joinedScript([redirect.target])
  const upstream = upstreamOf(env)
  if (!upstream) return undefined
  const name = upstream.argv[0] ? commandName(env.text(upstream.argv[0]) ?? '$') : ''
  if (name === 'echo' || name === 'printf') {
    const words = withoutEchoFlags(upstream.argv.slice(1), (word) => env.text(word) ?? '')
    const script = joinedScript(words)
    return script.text === undefined ? script : {text: name === 'printf' ? decodePrintf(script.text) : script.text}
  }
  if (name === 'cat' && upstream.argv.length === 1) {
    const heredoc = upstream.redirects.findLast((entry) => entry.body !== undefined)
    if (heredoc?.body) return joinedScript([heredoc.body])
  }
  const file = name === 'cat' && upstream.argv.length === 2 ? upstream.argv[1] : undefined
  const written = file === undefined ? undefined : env.writtenScript(file)
  if (written !== undefined) return {text: written}
  if (name === 'cat') return undefined
  return {why: `the output of ${name || 'a command only known at run time'} is piped into a shell`}
}

const INTERPRETER_CODE = new Map<string, {short: string; long: string[]}>(Object.entries({
  python: {short: 'c', long: []},
  perl: {short: 'eE', long: []},
  ruby: {short: 'e', long: []},
  node: {short: 'ep', long: ['eval', 'print']},
  bun: {short: 'ep', long: ['eval', 'print']},
  php: {short: 'r', long: []},
}))

/** Inline code of python/perl/ruby/node: the shell commands it hands to system()/subprocess. */
export function interpreterScripts(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  const name = invocation.name ?? ''
  const spec = INTERPRETER_CODE.get(PYTHON.test(name) ? 'python' : name === 'nodejs' ? 'node' : name) ?? {short: '', long: []}
  const codes: string[] = []
  for (let index = 0; index < args.length; index += 1) {
    const value = env.text(args[index] as ShellWord)
    if (value === undefined) continue
    const long = LONG_OPTION.exec(value)
    // The code as written: its expansions are resolved when the scripts it runs are classified.
    const next = args[index + 1]?.text
    if (long && spec.long.includes(long[1] ?? '')) codes.push(long[2] ?? next ?? '')
    else if (/^-[a-zA-Z]+/.test(value) && !value.startsWith('--')) {
      const at = [...value.slice(1)].findIndex((letter) => spec.short.includes(letter))
      if (at === -1) continue
      const attached = value.slice(at + 2)
      codes.push(attached || (next ?? ''))
    } else if (name === 'deno' && value === 'eval') codes.push(next ?? '')
  }
  const backticks = ['perl', 'ruby', 'php'].includes(name)
  for (const code of codes) invocation.scripts.push(...shellCallsIn(code, backticks))
  if (codes.some((code) => /\bfork\b/.test(code) && /\b(while|loop|until)\b/.test(code))) invocation.forkLoop = true
  return []
}

const SHELL_CALL =
  /\b(?:system|popen|spawn(?:Sync)?|exec(?:Sync|File(?:Sync)?|[lv]p?e?)?|check_output|check_call|call|run|Popen|getoutput|getstatusoutput)\s*\(\s*(\[[^\]]*\]|[rbfuRBFU]{0,2}(['"])(?:\\.|(?!\2)[^\\])*\2)/g
const STRING_LITERAL = /(['"])((?:\\.|(?!\1)[^\\])*)\1/g

/** Shell commands that inline code passes to system(), subprocess.run(), execSync(), backticks … */
export function shellCallsIn(code: string, backticks = false): ScriptRef[] {
  const scripts: ScriptRef[] = []
  for (const match of code.matchAll(SHELL_CALL)) {
    const argument = match[1] ?? ''
    const strings = [...argument.matchAll(STRING_LITERAL)].map((literalMatch) => (literalMatch[2] ?? '').replace(/\\(.)/g, '$1'))
    if (strings.length > 0) scripts.push({text: strings.join(' ')})
  }
  if (backticks) for (const match of code.matchAll(/`([^`]+)`/g)) scripts.push({text: match[1] ?? ''})
  return scripts
}
