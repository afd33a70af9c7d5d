// Unwrapping: `env`, `nohup`, `timeout`, `xargs`, `find -exec`, `bash -c` … down to what really runs.

import type {ShellWord, SimpleCommand} from '../shell-parse/parsed-command.js'
import {literalWord} from '../shell-parse/shell-words.js'
import {absolutePath} from './absolute-path.js'
import {LONG_OPTION, type OptionSpec, operandStart} from './command-options.js'
import {unwrapFind} from './find-command.js'
import {commandName, type Inner, type Invocation} from './invocation.js'
import {interpreterScripts, isInterpreter, isShell, joinedScript, shellCallsIn, shellScripts} from './script-sources.js'
import type {Env} from './shell-state.js'
import {unwrapXargs} from './xargs-command.js'

/** Wrappers nest no deeper than this in anything a person writes; deeper ones are left unread. */
const MAX_UNWRAP = 16

/** What a simple command runs: the command itself, then each command its wrappers hand on to. */
export function invocationsOf(command: SimpleCommand, env: Env): Invocation[] {
  const out: Invocation[] = []
  unwrap(command.argv.flatMap((word) => splitFields(word, env)), env, {viaFind: false}, out, 0)
  return out
}

/** Bash splits what an unquoted expansion (or `"${a[@]}"`) produces into words: `T="/ /tmp"; rm -rf $T`. */
function splitFields(word: ShellWord, env: Env): ShellWord[] {
  const splits = word.parts.some(
    (part) =>
      (part.kind === 'variable' || part.kind === 'substitution') &&
      (!part.quoted || (part.kind === 'variable' && /\[@\]$/.test(part.name))),
  )
  const value = splits ? env.text(word) : undefined
  const fields = value === undefined ? [] : fieldsOf(value)
  return fields.length > 1 ? fields : [word]
}

/** The words bash makes of an expanded value: split on white space, each taken as it is. */
function fieldsOf(value: string): ShellWord[] {
  return value.trim().split(/\s+/).map(literalWord)
}

function unwrap(words: ShellWord[], env: Env, from: {viaFind: boolean; cwd?: string | null}, out: Invocation[], depth: number): void {
  const first = words[0]
  if (!first || depth > MAX_UNWRAP) return
  // tree-sitter-bash reads `time { x; }` and `coproc NAME { x; }` as plain words: skip the braces.
  if (!first.dynamic && ['{', '(', '!'].includes(first.raw)) return unwrap(words.slice(1), env, from, out, depth + 1)
  const nameText = env.text(first)
  // `$CMD args` with CMD='sudo ls', or `sudo${IFS}ls`: bash splits the expanded name into words.
  const split = nameText !== undefined && first.dynamic ? fieldsOf(nameText) : []
  if (split.length > 1) return unwrap([...split, ...words.slice(1)], env, from, out, depth + 1)
  if (nameText === undefined && env.resolve(first).worst === '' && words.length > 1) {
    // `$EMPTY sudo ls`: an unquoted expansion that comes out empty vanishes, and the next word runs.
    unwrap(words.slice(1), env, from, out, depth + 1)
  }
  const invocation: Invocation = {
    name: nameText === undefined ? undefined : commandName(nameText),
    words,
    cwd: from.cwd,
    viaFind: from.viaFind,
    scripts: [],
  }
  out.push(invocation)
  const written = env.writtenScript(first)
  if (written !== undefined) invocation.scripts.push({text: written})
  if (invocation.name === undefined) return
  const inner = unwrapOne(invocation, words.slice(1), env)
  for (const next of inner)
    unwrap(next.words, env, {viaFind: from.viaFind || next.viaFind === true, cwd: next.cwd ?? from.cwd}, out, depth + 1)
}

// A Map, not an object: `constructor` as a command name must not find Object.prototype.constructor.
const SIMPLE_WRAPPERS = new Map<string, OptionSpec>(Object.entries({
  nohup: {},
  builtin: {},
  coproc: {},
  exec: {short: 'a'},
  nice: {short: 'n', long: ['adjustment']},
  time: {short: 'fo', long: ['format', 'output']},
  stdbuf: {short: 'ioe', long: ['input', 'output', 'error']},
  setsid: {},
  strace: {short: 'abeEIoOpPsSuX'},
  ltrace: {short: 'aAeDFlnopsuxX'},
  caffeinate: {short: 'tw'},
  unbuffer: {},
  fakeroot: {short: 'lsi', long: ['lib', 'faked']},
  proxychains: {short: 'f'},
  proxychains4: {short: 'f'},
  torsocks: {short: 'uapP'},
  nocache: {},
  chronic: {},
  catchsegv: {},
}))

function unwrapOne(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  const name = invocation.name ?? ''
  if (name === 'coproc' && ['{', '('].includes(args[1]?.raw ?? '')) return [{words: args.slice(1)}]
  const simple = SIMPLE_WRAPPERS.get(name)
  if (simple) return [{words: args.slice(operandStart(args, env.text, simple))}]
  if (isShell(name)) return shellScripts(invocation, args, env)
  if (isInterpreter(name)) return interpreterScripts(invocation, args, env)
  if (['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk'].includes(name)) {
    const program = args[operandStart(args, env.text, {short: 'Fvf', long: ['field-separator', 'assign', 'file']})]
    const code = program && !args.some((word) => /^(-f|--file)/.test(env.text(word) ?? '')) ? program.text : undefined
    if (code !== undefined) invocation.scripts.push(...shellCallsIn(code))
    return []
  }
  switch (name) {
    case 'command': {
      const start = operandStart(args, env.text, {})
      const lookup = args.slice(0, start).some((word) => /^-[pvV]*[vV]/.test(env.text(word) ?? ''))
      return lookup ? [] : [{words: args.slice(start)}]
    }
    case 'env':
      return unwrapEnv(invocation, args, env)
    case 'timeout': {
      const start = operandStart(args, env.text, {short: 'sk', long: ['signal', 'kill-after']})
      return [{words: args.slice(start + 1)}]
    }
    case 'ionice': {
      const start = operandStart(args, env.text, {short: 'cnpPu', long: ['class', 'classdata', 'pid', 'pgid', 'uid']})
      const existing = args.slice(0, start).some((word) => /^-[^-]*[pPu]|^--(pid|pgid|uid)/.test(env.text(word) ?? ''))
      return existing ? [] : [{words: args.slice(start)}]
    }
    case 'chroot': {
      const start = operandStart(args, env.text, {long: ['userspec', 'groups']})
      return [{words: args.slice(start + 1)}]
    }
    case 'busybox':
    case 'toybox':
      return [{words: args}]
    case 'npx':
    case 'bunx':
    case 'pnpx':
      return unwrapNpx(invocation, args, env)
    case 'xargs':
      return unwrapXargs(args, env)
    case 'find':
      return unwrapFind(args, env)
    case 'source':
    case '.': {
      const written = args[0] && env.writtenScript(args[0])
      if (written !== undefined) invocation.scripts.push({text: written})
      return []
    }
    case 'eval':
      invocation.scripts.push(joinedScript(args))
      return []
    case 'trap':
      if (args.length >= 2 && !(env.text(args[0] as ShellWord) ?? '-').startsWith('-'))
        invocation.scripts.push(joinedScript(args.slice(0, 1)))
      return []
    case 'watch': {
      const start = operandStart(args, env.text, {short: 'nq', long: ['interval', 'differences']})
      const exec = args.slice(0, start).some((word) => /^-[^-]*x|^--exec$/.test(env.text(word) ?? ''))
      if (exec) return [{words: args.slice(start)}]
      if (start < args.length) invocation.scripts.push(joinedScript(args.slice(start)))
      return []
    }
    case 'sg':
      if (args.length >= 2) {
        const rest = args.slice(1)
        const command = env.text(rest[0] as ShellWord) === '-c' ? rest.slice(1) : rest
        invocation.scripts.push(joinedScript(command))
      }
      return []
    case 'flock':
    case 'script':
    case 'su':
    case 'runuser':
      return unwrapCommandOption(invocation, args, env)
    default:
      return []
  }
}

function unwrapEnv(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  let cwd: string | null | undefined
  let index = 0
  while (index < args.length) {
    const value = env.text(args[index] as ShellWord)
    if (value === undefined) break
    const next = args[index + 1]
    if (value === '--') {
      index += 1
      break
    }
    const long = LONG_OPTION.exec(value)
    const short = /^-([iv0]*)([uCSP]?)(.*)$/s.exec(value)
    let argument: string | undefined
    let option: string | undefined
    if (long) {
      option = {chdir: 'C', 'split-string': 'S', unset: 'u'}[long[1] ?? ''] ?? ''
      argument = long[2] ?? (option ? next?.text : undefined)
      index += long[2] === undefined && option ? 2 : 1
    } else if (value === '-') {
      index += 1
      continue
    } else if (short && value.startsWith('-')) {
      option = short[2]
      argument = short[3] || (option ? next?.text : undefined)
      index += !short[3] && option ? 2 : 1
    } else if (/^[A-Za-z_]\w*=/.test(value)) {
      index += 1
      continue
    } else break
    if (option === 'C') cwd = argument === undefined ? null : (absolutePath(argument, env.cwd) ?? null)
    if (option === 'S') {
      invocation.scripts.push(argument === undefined ? {why: 'env -S splits a string only known at run time'} : {text: argument})
      return []
    }
  }
  return [{words: args.slice(index), cwd}]
}

function unwrapNpx(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  const start = operandStart(args, env.text, {short: 'pc', long: ['package', 'call']})
  const options = args.slice(0, start)
  const call = options.findIndex((word) => ['-c', '--call'].includes(env.text(word) ?? ''))
  if (call !== -1) {
    const script = options[call + 1]
    invocation.scripts.push(script === undefined ? {why: 'npx -c without a command'} : joinedScript([script]))
    return []
  }
  return [{words: args.slice(start)}]
}

/** `flock file -c cmd`, `script -c cmd`, `su -c cmd`: a command string behind an option. */
function unwrapCommandOption(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  for (let index = 0; index < args.length; index += 1) {
    const value = args[index]?.text ?? ''
    const attached = /^--command=(.*)$/s.exec(value)
    if (attached) {
      invocation.scripts.push({text: attached[1]})
      return []
    }
    if (value === '--command' || /^-[a-zA-Z]*c$/.test(value)) {
      const script = args[index + 1]
      if (script) invocation.scripts.push(joinedScript([script]))
      return []
    }
  }
  if (invocation.name === 'flock') {
    const start = operandStart(args, env.text, {short: 'wE', long: ['timeout', 'conflict-exit-code']})
    return [{words: args.slice(start + 1)}]
  }
  return []
}
