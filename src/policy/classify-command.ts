import {posix} from 'node:path'
import type {ParsedCommand, ShellWord, SimpleCommand, WordPart} from './parse-shell.js'

/**
 * The hard-deny shell classifier. Pure: it reads an already parsed command (nested `bash -c`
 * scripts included) and the two facts it needs about the world, and says whether the command is
 * one that lillycoder never runs, whatever the flags, rules or answers.
 */

export interface ClassifyContext {
  /** Absolute directory the command starts in (the workspace root). */
  cwd: string
  /** The user's home directory ($HOME), absolute. */
  home: string
}

export type Hazard =
  | 'privilege-escalation'
  | 'recursive-delete'
  | 'filesystem-format'
  | 'device-write'
  | 'fork-bomb'
  | 'recursive-permissions'
  | 'shutdown'

export type Classification =
  | {denied: true; hazard: Hazard; reason: string}
  /** `suspicious`: not provably safe (dynamic command name, unparsable syntax …): ask, never allow by rule. */
  | {denied: false; suspicious?: string}

type Finding = {kind: 'deny'; hazard: Hazard; what: string} | {kind: 'suspicious'; why: string}

export function classifyCommand(parsed: ParsedCommand, ctx: ClassifyContext): Classification {
  // A relative cwd would make every relative target unknowable: treat it as unknown rather than guess.
  const cwd = posix.isAbsolute(ctx.cwd) ? posix.normalize(ctx.cwd).replace(/(.)\/+$/, '$1') : null
  const known: Known = {cwd, home: posix.normalize(ctx.home).replace(/(.)\/+$/, '$1')}
  const findings = classifyParsed(parsed, known, known.cwd, new Map())
  for (const finding of findings) {
    if (finding.kind === 'deny')
      return {denied: true, hazard: finding.hazard, reason: `refused: ${oneLine(finding.what)} is never run by lillycoder`}
  }
  const suspicion = findings.find((finding) => finding.kind === 'suspicious')
  return suspicion?.kind === 'suspicious' ? {denied: false, suspicious: oneLine(suspicion.why)} : {denied: false}
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * The scripts a parse runs that should be parsed in turn (`bash -c '…'`, `eval …`, `sh <<EOF`, a
 * script file written earlier in the same command line). Found with the same unwrapping the
 * classifier uses, so every script it looks for has been parsed.
 */
export function inlineScripts(parsed: ParsedCommand): Array<{command: SimpleCommand; script: string}> {
  const found: Array<{command: SimpleCommand; script: string}> = []
  // A stand-in home, so `$HOME/bin/sh -c …` is still seen to be a shell; script texts keep `$HOME` as written.
  const unknown: Known = {cwd: null, home: '/home/~'}
  for (const commands of [parsed.commands, parsed.fallback ?? []]) {
    walkCommands(commands, unknown, unknown.cwd, new Map(), (command, _env, invocations) => {
      for (const script of invocations.flatMap((invocation) => invocation.scripts))
        if (script.text !== undefined) found.push({command, script: script.text})
    })
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// Walking the commands with what a shell would know: the current directory, plain variables and
// script files written earlier on the same line

/** What the classifier knows of the world; null: only known at run time (as when parsing). */
interface Known {
  cwd: string | null
  home: string | null
}

type Variables = Map<string, string | null>

interface ShellState {
  known: Known
  cwd: Map<string, string | null>
  vars: Map<string, Variables>
  /** Files written by `echo … > file` or `cat > file <<EOF` earlier: path as written → content. */
  files: Map<string, string>
}

interface Env {
  /** A word's value, or undefined when it is only known at run time. */
  text: (word: ShellWord) => string | undefined
  resolve: (word: ShellWord) => Resolved
  command: SimpleCommand
  commands: SimpleCommand[]
  /** The directory the command runs in; null when only known at run time. */
  cwd: string | null
  home: string | null
  files: Map<string, string>
  /** The variables visible here, for a script this command runs. */
  variables: () => Variables
}

interface Resolved {
  /** The value, when every part of the word is known. */
  known?: string
  /** The value when unknown variables take the defaults written beside them (`${DIR:-/}`); absent when one has none. */
  likely?: string
  /** The value with unknown parts left empty (or their default): what an unset variable would make of it. */
  worst: string
}

function classifyParsed(parsed: ParsedCommand, known: Known, cwd: string | null, inherited: Variables): Finding[] {
  const findings: Finding[] = []
  if (parsed.hasErrors)
    findings.push({kind: 'suspicious', why: 'lillycoder could not parse this shell syntax completely'})
  for (const commands of [parsed.commands, parsed.fallback ?? []]) {
    walkCommands(commands, known, cwd, inherited, (command, env, invocations) => {
      for (const invocation of invocations) {
        const here = invocation.cwd === undefined ? env : {...env, cwd: invocation.cwd}
        findings.push(...classifyInvocation(invocation, here))
        for (const script of invocation.scripts) findings.push(...classifyScript(command, invocation, script, here, known))
      }
      findings.push(...redirectFindings(command, env))
    })
  }
  findings.push(...forkBombs(parsed))
  return findings
}

function classifyScript(command: SimpleCommand, invocation: Invocation, script: ScriptRef, env: Env, known: Known): Finding[] {
  const runner = invocation.name ?? 'a command'
  if (script.text === undefined) return [{kind: 'suspicious', why: script.why ?? `${runner} runs a script only known at run time`}]
  const nested = command.nested.find((entry) => entry.script === script.text)
  // The outer shell expanded the script's variables before handing it over: the inner one sees their values.
  if (nested) return classifyParsed(nested.parsed, known, env.cwd, withPositional(env, script.positional))
  return [{kind: 'suspicious', why: `${runner} runs a script lillycoder did not parse (nested too deep or built at run time)`}]
}

function withPositional(env: Env, positional: ShellWord[] | undefined): Variables {
  const variables = env.variables()
  if (!positional) return variables
  const values = positional.map((word) => env.text(word) ?? null)
  values.forEach((value, index) => variables.set(String(index), value))
  const rest = values.slice(1)
  const all = rest.length === 1 ? (rest[0] ?? null) : null
  variables.set('@', all)
  variables.set('*', all)
  return variables
}

function walkCommands(
  commands: SimpleCommand[],
  known: Known,
  cwd: string | null,
  inherited: Variables,
  visit: (command: SimpleCommand, env: Env, invocations: Invocation[]) => void,
): void {
  const state: ShellState = {known, cwd: new Map([['0', cwd]]), vars: new Map([['0', new Map(inherited)]]), files: new Map()}
  for (const command of commands) {
    const env = envFor(state, command, commands)
    const invocations = invocationsOf(command, env)
    visit(command, env, invocations)
    applyEffects(state, command, env, invocations)
  }
}

function lookupScope<T>(map: Map<string, T>, scope: string): T | undefined {
  for (let key: string | undefined = scope; key !== undefined; key = parentScope(key)) {
    if (map.has(key)) return map.get(key)
  }
  return undefined
}

function parentScope(scope: string): string | undefined {
  const dot = scope.lastIndexOf('.')
  return dot === -1 ? undefined : scope.slice(0, dot)
}

function envFor(state: ShellState, command: SimpleCommand, commands: SimpleCommand[]): Env {
  const cwd = lookupScope(state.cwd, command.scope) ?? null
  const {home} = state.known
  const variable = (name: string): string | null => {
    for (let key: string | undefined = command.scope; key !== undefined; key = parentScope(key)) {
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
    const chain: string[] = []
    for (let key: string | undefined = command.scope; key !== undefined; key = parentScope(key)) chain.unshift(key)
    for (const key of chain) for (const [name, value] of state.vars.get(key) ?? []) visible.set(name, value)
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
    files: state.files,
    variables,
  }
}

const DEFAULTING = new Set([':-', '-', ':=', '='])

function resolveWord(word: ShellWord, variable: (name: string) => string | null): Resolved {
  let known: string | undefined = ''
  let likely: string | undefined = ''
  let worst = ''
  for (const part of word.parts) {
    const value = partValue(part, variable)
    if (value !== null) {
      if (known !== undefined) known += value
      if (likely !== undefined) likely += value
      worst += value
      continue
    }
    known = undefined
    const fallback = part.kind === 'variable' && DEFAULTING.has(part.operator ?? '') ? part.operand : undefined
    likely = fallback === undefined || likely === undefined ? undefined : likely + fallback
    worst += fallback ?? ''
  }
  return {known, likely, worst}
}

function partValue(part: WordPart, variable: (name: string) => string | null): string | null {
  switch (part.kind) {
    case 'literal':
      return part.text
    case 'tilde': {
      if (part.user === '') return variable('HOME')
      if (part.user === '+') return variable('PWD')
      if (part.user === '-') return null
      if (part.user === 'root') return '/root'
      const home = variable('HOME')
      const parent = home === null ? '/home' : posix.dirname(home)
      return posix.join(parent === '/' ? '/home' : parent, part.user)
    }
    case 'variable':
      return variableValue(part, variable(part.name))
    case 'substitution':
      return part.value ?? null
  }
}

function variableValue(part: Extract<WordPart, {kind: 'variable'}>, value: string | null): string | null {
  const operand = part.operand ?? null
  switch (part.operator) {
    case undefined:
    case ':?':
    case '?':
    case '-':
    case '=':
      return value
    case ':-':
    case ':=':
      return value === '' ? operand : value
    case ':+':
      return value === null ? null : value === '' ? '' : operand
    case '+':
      return value === null ? null : operand
    default:
      return value === null || operand === null ? null : trimPattern(value, part.operator, operand)
  }
}

/** `${v%pat}`, `${v%%pat}`, `${v#pat}`, `${v##pat}`: remove the shortest or longest matching suffix or prefix. */
function trimPattern(value: string, operator: string, pattern: string): string {
  const cuts = [...Array(value.length + 1).keys()]
  if (operator === '%' || operator === '%%') {
    const order = operator === '%' ? cuts.reverse() : cuts
    const cut = order.find((index) => globMatches(pattern, value.slice(index)))
    return cut === undefined ? value : value.slice(0, cut)
  }
  const order = operator === '#' ? cuts : cuts.reverse()
  const cut = order.find((index) => globMatches(pattern, value.slice(0, index)))
  return cut === undefined ? value : value.slice(cut)
}

function applyEffects(state: ShellState, command: SimpleCommand, env: Env, invocations: Invocation[]): void {
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
  recordWrittenScript(state.files, command, env, name)
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
function recordWrittenScript(files: Map<string, string>, command: SimpleCommand, env: Env, name: string | undefined): void {
  const output = command.redirects.findLast((redirect) => ['>', '>>', '>|'].includes(redirect.operator) && redirect.target)
  if (!output?.target) return
  let content: string | undefined
  if (name === 'echo' || name === 'printf') {
    const words = command.argv.slice(1).filter((word, index) => index > 0 || !/^-[neE]+$/.test(word.text))
    content = words.map((word) => word.text).join(' ')
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

// ---------------------------------------------------------------------------------------------
// Unwrapping: `env`, `nohup`, `timeout`, `xargs`, `find -exec`, `bash -c` … down to what really runs

interface ScriptRef {
  /** The script's text, expansions as written; absent when not known before it runs. */
  text?: string
  why?: string
  /** `sh -c 'script' zero one …`: the values of $0, $1 … inside it. */
  positional?: ShellWord[]
}

interface Invocation {
  /** Lowercased basename of the command word; undefined when only known at run time. */
  name?: string
  words: ShellWord[]
  /** The directory it runs in, when a wrapper changes it (`env -C`). */
  cwd?: string | null
  /** Run by `find -exec` on every path of a tree walk: recursive whatever its own flags. */
  viaFind: boolean
  scripts: ScriptRef[]
  /** Inline interpreter code that forks in a loop (`perl -e 'fork while fork'`). */
  forkLoop?: boolean
}

interface Inner {
  words: ShellWord[]
  viaFind?: boolean
  cwd?: string | null
}

const MAX_UNWRAP = 16

function invocationsOf(command: SimpleCommand, env: Env): Invocation[] {
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
  if (value === undefined || !/\s/.test(value.trim())) return [word]
  return value.trim().split(/\s+/).map(literal)
}

function unwrap(words: ShellWord[], env: Env, from: {viaFind: boolean; cwd?: string | null}, out: Invocation[], depth: number): void {
  const first = words[0]
  if (!first || depth > MAX_UNWRAP) return
  // tree-sitter-bash reads `time { x; }` and `coproc NAME { x; }` as plain words: skip the braces.
  if (!first.dynamic && ['{', '(', '!'].includes(first.raw)) return unwrap(words.slice(1), env, from, out, depth + 1)
  const nameText = env.text(first)
  if (nameText !== undefined && first.dynamic && /\s/.test(nameText.trim())) {
    // `$CMD args` with CMD='sudo ls', or `sudo${IFS}ls`: bash splits the expanded name into words.
    const split = nameText.trim().split(/\s+/).map(literal)
    return unwrap([...split, ...words.slice(1)], env, from, out, depth + 1)
  }
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
  const written = env.files.get(scriptKey(first.text))
  if (written !== undefined) invocation.scripts.push({text: written})
  if (invocation.name === undefined) return
  const inner = unwrapOne(invocation, words.slice(1), env)
  for (const next of inner)
    unwrap(next.words, env, {viaFind: from.viaFind || next.viaFind === true, cwd: next.cwd ?? from.cwd}, out, depth + 1)
}

/** `/usr/bin/sudo` → `sudo`; names are compared lowercased (macOS file systems ignore case). */
function commandName(text: string): string {
  return posix.basename(text).toLowerCase()
}

interface OptionSpec {
  /** Short options that take a value (`-n 5`, `-n5`). */
  short?: string
  /** Long options that take a value when written without `=`. */
  long?: string[]
}

/** Index of the first operand after the options; `--` ends the options. */
function operandStart(args: ShellWord[], text: Env['text'], spec: OptionSpec): number {
  let index = 0
  while (index < args.length) {
    const word = args[index]
    const value = word === undefined ? undefined : text(word)
    if (value === undefined || value === '-' || !value.startsWith('-')) return index
    if (value === '--') return index + 1
    if (value.startsWith('--')) {
      index += !value.includes('=') && (spec.long ?? []).includes(value.slice(2)) ? 2 : 1
      continue
    }
    const letters = value.slice(1)
    const withValue = [...letters].findIndex((letter) => (spec.short ?? '').includes(letter))
    index += withValue === letters.length - 1 ? 2 : 1
  }
  return index
}

function literal(text: string): ShellWord {
  return {raw: text, text, parts: [{kind: 'literal', text, quoted: true}], dynamic: false}
}

const SIMPLE_WRAPPERS: Record<string, OptionSpec> = {
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
}

const SHELLS = new Set(['sh', 'bash', 'rbash', 'zsh', 'dash', 'ksh', 'mksh', 'pdksh', 'ash', 'yash', 'posh', 'fish', 'csh', 'tcsh'])
const PYTHON = /^(python|pypy)[\d.]*$/

function unwrapOne(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  const name = invocation.name ?? ''
  if (name === 'coproc' && ['{', '('].includes(args[1]?.raw ?? '')) return [{words: args.slice(1)}]
  const simple = SIMPLE_WRAPPERS[name]
  if (simple) return [{words: args.slice(operandStart(args, env.text, simple))}]
  if (SHELLS.has(name)) return shellScripts(invocation, args, env)
  if (PYTHON.test(name) || ['perl', 'ruby', 'node', 'nodejs', 'bun', 'php', 'deno'].includes(name))
    return interpreterScripts(invocation, args, env)
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
      const written = args[0] && env.files.get(scriptKey(args[0].text))
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

/** A script handed over as words; expansions stay as written, to be resolved when it is classified. */
function joinedScript(words: ShellWord[]): ScriptRef {
  return {text: words.map((word) => word.text).join(' ')}
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
    const long = /^--([\w-]+)(?:=(.*))?$/s.exec(value)
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

function shellScripts(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
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
    const written = env.files.get(scriptKey(operand.text))
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
    const words = upstream.argv.slice(1).filter((word, index) => index > 0 || !/^-[neE]+$/.test(env.text(word) ?? ''))
    const script = joinedScript(words)
    return script.text === undefined ? script : {text: name === 'printf' ? decodePrintf(script.text) : script.text}
  }
  if (name === 'cat' && upstream.argv.length === 1) {
    const heredoc = upstream.redirects.findLast((entry) => entry.body !== undefined)
    if (heredoc?.body) return joinedScript([heredoc.body])
  }
  const written = name === 'cat' && upstream.argv.length === 2 ? env.files.get(scriptKey(upstream.argv[1]?.text ?? '')) : undefined
  if (written !== undefined) return {text: written}
  if (name === 'cat') return undefined
  return {why: `the output of ${name || 'a command only known at run time'} is piped into a shell`}
}

function decodePrintf(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t')
}

function upstreamOf(env: Env): SimpleCommand | undefined {
  const place = env.command.pipeline
  if (!place || place.index === 0) return undefined
  return env.commands.find((other) => other.pipeline?.id === place.id && other.pipeline.index === place.index - 1)
}

const INTERPRETER_CODE: Record<string, {short: string; long: string[]}> = {
  python: {short: 'c', long: []},
  perl: {short: 'eE', long: []},
  ruby: {short: 'e', long: []},
  node: {short: 'ep', long: ['eval', 'print']},
  bun: {short: 'ep', long: ['eval', 'print']},
  php: {short: 'r', long: []},
}

/** Inline code of python/perl/ruby/node: the shell commands it hands to system()/subprocess. */
function interpreterScripts(invocation: Invocation, args: ShellWord[], env: Env): Inner[] {
  const name = invocation.name ?? ''
  const spec = INTERPRETER_CODE[PYTHON.test(name) ? 'python' : name === 'nodejs' ? 'node' : name] ?? {short: '', long: []}
  const codes: string[] = []
  for (let index = 0; index < args.length; index += 1) {
    const value = env.text(args[index] as ShellWord)
    if (value === undefined) continue
    const long = /^--([\w-]+)(?:=(.*))?$/s.exec(value)
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
function shellCallsIn(code: string, backticks = false): ScriptRef[] {
  const scripts: ScriptRef[] = []
  for (const match of code.matchAll(SHELL_CALL)) {
    const argument = match[1] ?? ''
    const strings = [...argument.matchAll(STRING_LITERAL)].map((literalMatch) => (literalMatch[2] ?? '').replace(/\\(.)/g, '$1'))
    if (strings.length > 0) scripts.push({text: strings.join(' ')})
  }
  if (backticks) for (const match of code.matchAll(/`([^`]+)`/g)) scripts.push({text: match[1] ?? ''})
  return scripts
}

function unwrapXargs(args: ShellWord[], env: Env): Inner[] {
  let replace: string | undefined
  let index = 0
  while (index < args.length) {
    const value = env.text(args[index] as ShellWord)
    if (value === undefined || value === '-' || !value.startsWith('-')) break
    if (value === '--') {
      index += 1
      break
    }
    const long = /^--([\w-]+)(?:=(.*))?$/s.exec(value)
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
  const command = index < args.length ? args.slice(index) : [literal('echo')]
  const items = upstreamItems(env)
  if (replace === undefined) return [{words: [...command, ...(items ?? [])]}]
  const token = replace
  // Unknown input: the command still runs, with whatever the pipe gives in place of the token.
  return (items ?? [literal(token)]).map((item) => ({words: command.map((word) => replaceToken(word, token, item.parts))}))
}

/** Puts `replacement` where `token` occurs in a word's literal text (`{}` of find -exec and xargs -I). */
function replaceToken(word: ShellWord, token: string, replacement: WordPart[]): ShellWord {
  if (word.dynamic || !word.text.includes(token) || token === '') return word
  const parts = word.parts.flatMap((part): WordPart[] => {
    if (part.kind !== 'literal' || !part.text.includes(token)) return [part]
    return part.text.split(token).flatMap((piece, index): WordPart[] => [
      ...(index > 0 ? replacement : []),
      {kind: 'literal', text: piece, quoted: part.quoted},
    ])
  })
  const text = parts.map((part) => (part.kind === 'tilde' ? `~${part.user}` : part.text)).join('')
  return {raw: text, text, parts, dynamic: parts.some((part) => part.kind === 'variable' || part.kind === 'substitution')}
}

/** The items a pipe feeds to xargs, when the command before it prints fixed words. */
function upstreamItems(env: Env): ShellWord[] | undefined {
  const upstream = upstreamOf(env)
  if (!upstream || !upstream.argv[0]) return undefined
  const name = commandName(env.text(upstream.argv[0]) ?? '$')
  if (name === 'find') return findItems(parseFind(upstream.argv.slice(1), env))
  if (name === 'ls') {
    // `ls dir` prints the names in dir, which xargs then takes relative to where it runs.
    const dirs = operands(upstream.argv.slice(1), env, {short: 'IwT', long: ['ignore', 'width', 'tabsize', 'format', 'sort', 'time-style']})
    return dirs.length <= 1 ? [literal('*')] : undefined
  }
  if (name !== 'echo' && name !== 'printf') return undefined
  const texts = upstream.argv.slice(1).map((word) => env.text(word))
  if (texts.some((text) => text === undefined)) return undefined
  const joined = (texts as string[]).filter((text, index) => index > 0 || !/^-[neE]+$/.test(text)).join(' ')
  return decodePrintf(joined).split(/\s+/).filter(Boolean).map(literal)
}

interface FindCommand {
  starts: ShellWord[]
  /** A -name/-path/-regex test narrows what it touches. */
  targeted: boolean
  /** Whether the start directory itself can be among the paths (not with -mindepth 1 or -type f). */
  includesStart: boolean
  deletes: boolean
  execs: ShellWord[][]
}

const FIND_NAME_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname'])

function parseFind(args: ShellWord[], env: Env): FindCommand {
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
    starts: starts.length > 0 ? starts : [literal('.')],
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

function unwrapFind(args: ShellWord[], env: Env): Inner[] {
  const find = parseFind(args, env)
  const items = findItems(find)
  return find.execs.flatMap((words) =>
    items.map((item) => ({words: words.map((word) => replaceToken(word, '{}', item.parts)), viaFind: true})),
  )
}

// ---------------------------------------------------------------------------------------------
// The hazards: one rule each

type Rule = (invocation: Invocation, args: ShellWord[], env: Env) => Finding[]

function classifyInvocation(invocation: Invocation, env: Env): Finding[] {
  if (invocation.name === undefined) {
    const word = invocation.words[0]
    return [{kind: 'suspicious', why: `the command name ${word?.raw ?? ''} is only known at run time`}]
  }
  const rule = RULES[invocation.name] ?? ruleByPattern(invocation.name)
  const args = invocation.words.slice(1)
  const findings = rule ? rule(invocation, args, env) : []
  if (invocation.forkLoop) findings.push(deny('fork-bomb', `a fork bomb (${invocation.name} forking in a loop)`))
  return findings
}

function deny(hazard: Hazard, what: string): Finding {
  return {kind: 'deny', hazard, what}
}

/** The command as written, short enough for a one-line reason. */
function shown(invocation: Invocation): string {
  // Brace expansion makes several words of one raw word: show it once.
  const raws = invocation.words.map((word) => word.raw).filter((raw, index, all) => index === 0 || raw !== all[index - 1])
  const text = raws.join(' ').replace(/\s+/g, ' ')
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

const escalation: Rule = (invocation) => [deny('privilege-escalation', `privilege escalation (${invocation.name ?? ''})`)]

/** `mkfs --help` only prints. */
function onlyAsksForHelp(args: ShellWord[], env: Env): boolean {
  return args.length === 1 && ['--help', '--version', '-V'].includes(env.text(args[0] as ShellWord) ?? '')
}

const shutdown: Rule = (invocation, args, env) =>
  onlyAsksForHelp(args, env) ? [] : [deny('shutdown', `shutting down or rebooting the machine (${shown(invocation)})`)]

const formatting: Rule = (invocation, args, env) =>
  onlyAsksForHelp(args, env) ? [] : [deny('filesystem-format', `formatting a file system (${shown(invocation)})`)]

const PRIVILEGE = ['sudo', 'sudoedit', 'doas', 'su', 'pkexec', 'run0', 'ksu', 'runuser', 'gksu', 'gksudo', 'kdesu', 'kdesudo']

const RULES: Record<string, Rule> = {
  ...Object.fromEntries(PRIVILEGE.map((name) => [name, escalation])),
  ...Object.fromEntries(
    ['shutdown', 'reboot', 'halt', 'poweroff', 'openrc-shutdown', 'pm-suspend', 'pm-hibernate', 'pm-suspend-hybrid'].map((name) => [name, shutdown]),
  ),
  kexec: (invocation, args, env) => (args.some((word) => /^(-[^-]*e|--exec)$/.test(env.text(word) ?? '')) ? shutdown(invocation, args, env) : []),
  'dbus-send': login1Power,
  gdbus: login1Power,
  busctl: login1Power,
  diskutil: (invocation, args, env) =>
    /^(erase|partitiondisk|zerodisk|randomdisk|secureerase|reformat)/i.test(env.text(args[0] ?? literal('')) ?? '')
      ? [deny('filesystem-format', `erasing a disk (${shown(invocation)})`)]
      : [],
  ...Object.fromEntries(['mke2fs', 'mkdosfs', 'mkntfs', 'mkexfatfs', 'mkudffs', 'mkreiserfs', 'mkjfs'].map((name) => [name, formatting])),
  init: runlevel,
  telinit: runlevel,
  systemctl,
  kill: killEverything,
  killall5: (invocation) => [deny('shutdown', `killing every process (${shown(invocation)})`)],
  pkill: killInit,
  killall: killInit,
  rm: recursiveDelete,
  rimraf: (invocation, args, env) => deleteTargets(invocation, operands(args, env, {}), env),
  find: findDelete,
  rsync: rsyncDelete,
  chmod: recursivePermissions,
  chown: recursivePermissions,
  chgrp: recursivePermissions,
  mkswap: (invocation, args, env) => (operands(args, env, {short: 'LUpc'}).some((word) => isDevice(word, env)) ? formatting(invocation, args, env) : []),
  wipefs: (invocation, args, env) =>
    args.some((word) => /^(-[^-]*[ao]|--all|--offset)/.test(env.text(word) ?? '')) ? [deny('filesystem-format', `wiping a disk (${shown(invocation)})`)] : [],
  blkdiscard: (invocation, args, env) => deviceOperands(invocation, operands(args, env, {short: 'olp'}), env, 'discarding a disk'),
  nvme: (invocation, args, env) =>
    ['format', 'sanitize'].includes(env.text(args[0] ?? literal('')) ?? '') ? [deny('filesystem-format', `erasing a disk (${shown(invocation)})`)] : [],
  cryptsetup: (invocation, args, env) =>
    args.some((word) => ['luksformat', 'erase', 'lukserase'].includes((env.text(word) ?? '').toLowerCase()))
      ? [deny('filesystem-format', `erasing a disk (${shown(invocation)})`)]
      : [],
  dd: deviceByDd,
  tee: (invocation, args, env) => deviceOperands(invocation, operands(args, env, {long: ['output-error']}), env, 'writing to'),
  shred: (invocation, args, env) => deviceOperands(invocation, operands(args, env, {short: 'ns', long: ['iterations', 'size', 'random-source']}), env, 'shredding'),
  truncate: (invocation, args, env) => deviceOperands(invocation, operands(args, env, {short: 'sr', long: ['size', 'reference']}), env, 'truncating'),
  cp: copyOntoDevice,
  mv: copyOntoDevice,
  install: copyOntoDevice,
  ddrescue: (invocation, args, env) => deviceOperands(invocation, operands(args, env, {}).slice(1, 2), env, 'writing to'),
  badblocks: (invocation, args, env) =>
    args.some((word) => /^-[^-]*w/.test(env.text(word) ?? '')) ? deviceOperands(invocation, operands(args, env, {short: 'bcdeiopt'}), env, 'overwriting') : [],
  ...Object.fromEntries(['fdisk', 'sfdisk', 'gdisk', 'cfdisk', 'sgdisk', 'parted'].map((name) => [name, partitioning])),
}

function ruleByPattern(name: string): Rule | undefined {
  if (/^mkfs(\..+)?$|^newfs(_\w+)?$/.test(name)) return formatting
  return undefined
}

/** Operands of a command, skipping options anywhere before `--` (GNU tools permute). */
function operands(args: ShellWord[], env: Env, spec: OptionSpec): ShellWord[] {
  const found: ShellWord[] = []
  let ended = false
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] as ShellWord
    const value = env.text(word)
    if (ended || value === undefined || value === '-' || !value.startsWith('-')) found.push(word)
    else if (value === '--') ended = true
    else if (value.startsWith('--')) index += !value.includes('=') && (spec.long ?? []).includes(value.slice(2)) ? 1 : 0
    else {
      const letters = value.slice(1)
      const at = [...letters].findIndex((letter) => (spec.short ?? '').includes(letter))
      if (at === letters.length - 1) index += 1
    }
  }
  return found
}

/** `dbus-send … org.freedesktop.login1.Manager.Reboot`: systemd-logind powering off by message. */
function login1Power(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const text = args.map((word) => env.text(word) ?? word.text).join(' ')
  return /login1/.test(text) && /\b(Reboot|PowerOff|Halt|Suspend|Hibernate|HybridSleep|KExec|SoftReboot)\b/.test(text)
    ? shutdown(invocation, args, env)
    : []
}

function runlevel(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const level = args.map((word) => env.text(word)).find((value) => value !== undefined && !value.startsWith('-'))
  return level !== undefined && ['0', '1', '6', 's', 'S', 'single'].includes(level) ? shutdown(invocation, args, env) : []
}

const SYSTEMCTL_STOPS = new Set(['poweroff', 'reboot', 'halt', 'kexec', 'soft-reboot', 'suspend', 'hibernate', 'hybrid-sleep', 'suspend-then-hibernate', 'rescue', 'emergency'])
const STOP_TARGETS = /^(poweroff|reboot|halt|kexec|shutdown|rescue|emergency|ctrl-alt-del|suspend|hibernate|hybrid-sleep|soft-reboot)(\.target)?$/

function systemctl(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const words = operands(args, env, {
    short: 'tpPsnoHM',
    long: ['type', 'property', 'signal', 'lines', 'output', 'host', 'machine', 'root', 'kill-whom', 'job-mode', 'what', 'when', 'message', 'state', 'image', 'reboot-argument', 'boot-loader-entry', 'boot-loader-menu'],
  }).map((word) => env.text(word) ?? '')
  const [verb, ...units] = words
  if (SYSTEMCTL_STOPS.has(verb ?? '')) return shutdown(invocation, args, env)
  if (['isolate', 'start', 'restart', 'reload-or-restart'].includes(verb ?? '') && units.some((unit) => STOP_TARGETS.test(unit)))
    return shutdown(invocation, args, env)
  return []
}

/** `kill 1` takes down init and so the machine; `kill -9 -1` every process the user has. */
function killEverything(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const values = args.map((word) => env.text(word) ?? '')
  let index = 0
  if (['-0', '-s0', '-n0'].includes(values[0] ?? '') || (['-s', '-n'].includes(values[0] ?? '') && values[1] === '0')) return []
  if (values[0] === '-s' || values[0] === '-n') index = 2
  else if (values[0] !== undefined && /^-([A-Za-z]+|\d+)$/.test(values[0]) && values[0] !== '-1') index = 1
  else if (values[0] === '-1' && values.length > 1) index = 1
  if (values[index] === '--') index += 1
  const pids = values.slice(index)
  if (pids.includes('1') || pids.includes('-1'))
    return [deny('shutdown', `killing init or every process (${shown(invocation)})`)]
  return []
}

function killInit(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const names = operands(args, env, {short: 'sugGtPFnoUvc', long: ['signal', 'user', 'group', 'parent', 'session', 'pidfile', 'terminal']})
  return names.some((word) => ['init', 'systemd', '1'].includes(env.text(word) ?? ''))
    ? [deny('shutdown', `killing init (${shown(invocation)})`)]
    : []
}

function recursiveDelete(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  let recursive = invocation.viaFind
  let noPreserveRoot = false
  const targets: ShellWord[] = []
  let ended = false
  for (const word of args) {
    const value = env.text(word)
    if (ended || value === undefined || value === '-' || !value.startsWith('-')) targets.push(word)
    else if (value === '--') ended = true
    else if (value.startsWith('--')) {
      const name = value.slice(2).split('=')[0] ?? ''
      if (name.length >= 1 && 'recursive'.startsWith(name)) recursive = true
      if (name.length >= 2 && 'no-preserve-root'.startsWith(name)) noPreserveRoot = true
    } else if (/[rR]/.test(value)) recursive = true
  }
  if (noPreserveRoot) return [deny('recursive-delete', `rm --no-preserve-root (${shown(invocation)})`)]
  return recursive ? deleteTargets(invocation, targets, env) : []
}

function deleteTargets(invocation: Invocation, targets: ShellWord[], env: Env): Finding[] {
  return targets.flatMap((word) => {
    const danger = pathDanger(word, env)
    if (danger?.kind === 'deny') return [deny('recursive-delete', `recursive deletion of ${danger.label} (${shown(invocation)})`)]
    if (danger?.kind === 'suspicious') return [{kind: 'suspicious', why: `${shown(invocation)}: ${danger.why}`} satisfies Finding]
    return []
  })
}

/** `find P -delete` empties P: refused where `rm -rf P/*` would be. */
function findDelete(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const find = parseFind(args, env)
  if (!find.deletes || find.targeted) return []
  return deleteTargets(invocation, find.starts.map((start) => appendParts(start, '/*')), env)
}

/** `rsync --delete src/ dest`: makes dest hold only what src has, deleting the rest of dest. */
function rsyncDelete(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  if (!args.some((word) => /^--(delete|del$|remove-source)/.test(env.text(word) ?? ''))) return []
  const found = operands(args, env, {short: 'eBfTM', long: ['rsh', 'rsync-path', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'temp-dir', 'compare-dest', 'link-dest', 'copy-dest', 'backup-dir', 'suffix', 'chmod', 'chown', 'log-file', 'password-file', 'port', 'timeout', 'bwlimit']})
  const destination = found.length >= 2 ? found.at(-1) : undefined
  return destination && !/^[^/]*:/.test(destination.text) ? deleteTargets(invocation, [appendParts(destination, '/*')], env) : []
}

function appendParts(word: ShellWord, suffix: string): ShellWord {
  const joined = word.text.endsWith('/') ? suffix.replace(/^\//, '') : suffix
  const parts: WordPart[] = [...word.parts, {kind: 'literal', text: joined, quoted: false}]
  return {raw: word.raw, text: word.text + joined, parts, dynamic: word.dynamic}
}

/** What `{}` stands for: the start itself, everything below it, or (narrowed by name) some path below it. */
function findItems(find: FindCommand): ShellWord[] {
  if (find.targeted) return find.starts.map((start) => appendParts(start, '/{}'))
  if (!find.includesStart) return find.starts.map((start) => appendParts(start, '/*'))
  return find.starts
}

function recursivePermissions(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  let recursive = invocation.viaFind
  let reference = false
  const rest: ShellWord[] = []
  let ended = false
  for (const word of args) {
    const value = env.text(word)
    const isOption = !ended && value !== undefined && value.startsWith('-') && value !== '-'
    // chmod takes modes like -x or -rw as operands; its options are only R, c, f, v.
    const isMode = invocation.name === 'chmod' && isOption && !value.startsWith('--') && !/^-[Rcfv]+$/.test(value)
    if (!isOption || isMode) rest.push(word)
    else if (value === '--') ended = true
    else if (value.startsWith('--')) {
      const name = value.slice(2).split('=')[0] ?? ''
      if (name.length >= 3 && 'recursive'.startsWith(name)) recursive = true
      if (name.length >= 3 && 'reference'.startsWith(name)) reference = true
    } else if (value.includes('R')) recursive = true
  }
  if (!recursive) return []
  const targets = reference ? rest : rest.slice(1)
  return targets.flatMap((word) => {
    const danger = pathDanger(word, env)
    if (danger?.kind === 'deny')
      return [deny('recursive-permissions', `recursive ${invocation.name ?? 'chmod'} of ${danger.label} (${shown(invocation)})`)]
    if (danger?.kind === 'suspicious') return [{kind: 'suspicious', why: `${shown(invocation)}: ${danger.why}`} satisfies Finding]
    return []
  })
}

function partitioning(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const values = args.map((word) => env.text(word) ?? '')
  const readOnly = values.some((value) =>
    ['-l', '--list', '-p', '--print', 'print', '-d', '--dump', '-J', '--json', '-V', '--verify', '-v', '-h', '--help', '--version', '-s', '--show-size', '-i', '--info'].includes(value) || /^-[a-zA-Z]*l$/.test(value),
  )
  return readOnly ? [] : deviceOperands(invocation, operands(args, env, {}), env, 'repartitioning')
}

function deviceOperands(invocation: Invocation, words: ShellWord[], env: Env, doing: string): Finding[] {
  return words.flatMap((word) => {
    const value = env.text(word)
    const path = value === undefined ? undefined : absolutePath(value, env.cwd)
    return path ? writeFindings(path, `${doing} ${path} (${shown(invocation)})`) : []
  })
}

/** Writing to a path: refused for a block device, and for /proc/sysrq-trigger, which reboots or halts. */
function writeFindings(path: string, what: string): Finding[] {
  if (path === '/proc/sysrq-trigger') return [deny('shutdown', `writing to /proc/sysrq-trigger, which can reboot or halt the machine`)]
  if (isWritableDevice(path)) return [deny('device-write', what.replace(path, `the device ${path}`))]
  return []
}

function copyOntoDevice(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const target = args.findIndex((word) => /^(-t|--target-directory(=.*)?)$/.test(env.text(word) ?? ''))
  if (target !== -1) {
    const value = env.text(args[target] as ShellWord) ?? ''
    const word = value.includes('=') ? withoutPrefix(args[target] as ShellWord, value.slice(0, value.indexOf('=') + 1)) : args[target + 1]
    return word ? deviceOperands(invocation, [word], env, 'writing to') : []
  }
  const found = operands(args, env, {short: 'SmogtZ', long: ['suffix', 'mode', 'owner', 'group', 'context']})
  const destination = found.length >= 2 ? found.at(-1) : undefined
  return destination ? deviceOperands(invocation, [destination], env, 'writing to') : []
}

function deviceByDd(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  return args.flatMap((word): Finding[] => {
    if (!word.text.startsWith('of=')) return []
    const target = withoutPrefix(word, 'of=')
    const value = env.text(target)
    if (value === undefined) return [{kind: 'suspicious', why: `dd writes to ${target.raw}, a file only known at run time`}]
    const path = absolutePath(value, env.cwd)
    return path ? writeFindings(path, `writing to ${path} (${shown(invocation)})`) : []
  })
}

/** The word with a leading literal prefix (`of=`, `--target-directory=`) removed. */
function withoutPrefix(word: ShellWord, prefix: string): ShellWord {
  const [first, ...rest] = word.parts
  if (first?.kind !== 'literal' || !first.text.startsWith(prefix)) return literal(word.text.slice(prefix.length))
  const remainder = first.text.slice(prefix.length)
  // `of=~/x` is tilde-expanded by bash only in assignments; dd sees the literal text.
  const parts: WordPart[] = remainder ? [{...first, text: remainder}, ...rest] : rest
  const text = word.text.slice(prefix.length)
  return {raw: word.raw, text, parts, dynamic: word.dynamic}
}

function redirectFindings(command: SimpleCommand, env: Env): Finding[] {
  const findings: Finding[] = []
  for (const redirect of command.redirects) {
    if (!redirect.target || !['>', '>>', '&>', '&>>', '>|', '<>', '>&'].includes(redirect.operator)) continue
    const value = env.text(redirect.target)
    if (redirect.operator === '>&' && (value === undefined || /^(\d+|-)$/.test(value))) continue
    const path = value === undefined ? undefined : absolutePath(value, env.cwd)
    if (path) findings.push(...writeFindings(path, `redirecting output onto ${path} (${redirect.operator} ${redirect.target.raw})`))
  }
  return findings
}

// ---------------------------------------------------------------------------------------------
// Fork bombs: a function that calls itself (or a function that calls it) through a pipe or `&`

function forkBombs(parsed: ParsedCommand): Finding[] {
  const defined = new Set(parsed.functions)
  if (defined.size === 0) return []
  const edges = new Map<string, Array<{callee: string; forks: boolean; repeats: boolean}>>()
  const unknown: Known = {cwd: null, home: null}
  walkCommands(parsed.commands, unknown, null, new Map(), (command, env, invocations) => {
    if (command.function === undefined) return
    const forks = command.background || (command.pipeline?.size ?? 1) > 1
    const repeats = command.syntax.some((type) => type === 'while_statement' || type === 'c_style_for_statement')
    for (const invocation of invocations) {
      const callee = invocation.words[0] && env.text(invocation.words[0])
      if (callee === undefined || !defined.has(callee)) continue
      edges.set(command.function, [...(edges.get(command.function) ?? []), {callee, forks, repeats}])
    }
  })
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true
    if (seen.has(from)) return false
    seen.add(from)
    return (edges.get(from) ?? []).some((edge) => reaches(edge.callee, to, seen))
  }
  // Growth needs two calls back into the cycle (or one in a loop), at least one of them a new process;
  // a single `f &` only replaces itself.
  for (const [caller, calls] of edges) {
    const recursive = calls.filter((call) => reaches(call.callee, caller))
    const copies = recursive.reduce((count, call) => count + (call.repeats ? 2 : 1), 0)
    if (copies >= 2 && recursive.some((call) => call.forks))
      return [deny('fork-bomb', `a fork bomb (function ${caller} keeps forking copies of itself)`)]
  }
  return []
}

// ---------------------------------------------------------------------------------------------
// Paths: what counts as the root, home or a system directory

const TOP_LEVEL = new Set([
  'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run',
  'sbin', 'srv', 'sys', 'tmp', 'usr', 'var', 'snap', 'nix', 'efi', 'lost+found',
  'Applications', 'Library', 'System', 'Users', 'Volumes', 'private', 'cores',
])
const SECOND_LEVEL = new Set([
  '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/share', '/usr/include', '/usr/local',
  '/var/lib', '/var/log', '/var/cache', '/var/tmp', '/nix/store', '/boot/efi', '/private/etc', '/private/var', '/System/Library',
])
/** Deleting these themselves is refused; what is inside them is the user's business. */
const SELF_ONLY = new Set(['/tmp', '/private/tmp', '/var/tmp', '/var/log', '/var/cache'])

type Danger = {kind: 'deny'; label: string} | {kind: 'suspicious'; why: string}

function pathDanger(word: ShellWord, env: Env): Danger | undefined {
  const resolved = env.resolve(word)
  const value = resolved.known ?? resolved.likely
  if (value !== undefined) {
    const path = absolutePath(value, env.cwd)
    if (path === null) {
      const worst = absolutePath(value, '/')
      return worst && dangerOf(worst, env) ? {kind: 'suspicious', why: `it runs in a directory only known at run time`} : undefined
    }
    const label = path === undefined ? undefined : dangerOf(path, env)
    return label ? {kind: 'deny', label} : undefined
  }
  const worst = absolutePath(resolved.worst, env.cwd ?? '/')
  const label = worst ? dangerOf(worst, env) : undefined
  return label ? {kind: 'suspicious', why: `${word.raw} would be ${label} if what it expands to were empty`} : undefined
}

/** An absolute, normalised path; undefined for an empty word; null when relative to an unknown directory. */
function absolutePath(path: string, cwd: string | null): string | undefined | null {
  if (path === '') return undefined
  if (!path.startsWith('/') && cwd === null) return null
  const joined = path.startsWith('/') ? posix.normalize(path) : posix.join(cwd ?? '/', path)
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined
}

function protectedLabel(path: string, home: string): string | undefined {
  if (path === '/') return 'the root directory /'
  if (path === home) return `your home directory ${home}`
  if (home.startsWith(`${path}/`)) return `${path}, which holds your home directory`
  const parts = path.split('/').filter(Boolean)
  if (parts.length === 1 && TOP_LEVEL.has(parts[0] ?? '')) return `the system directory ${path}`
  if (SECOND_LEVEL.has(path)) return `the system directory ${path}`
  if (/^\/(home|Users)\/[^/]+$/.test(path) || path === '/root') return `the home directory ${path}`
  return undefined
}

/** What deleting or chmod-ing `path` (which may hold glob characters) would hit, if it is protected. */
function dangerOf(path: string, env: Env): string | undefined {
  // The user's real home is protected, whatever a script sets HOME to.
  const home = env.home ?? '/'
  const components = path.split('/').filter(Boolean)
  const globAt = components.findIndex((component) => /[*?[]/.test(component))
  if (globAt === -1) return protectedLabel(path, home)
  const parent = `/${components.slice(0, globAt).join('/')}`
  const pattern = components[globAt] ?? ''
  const rest = components.slice(globAt + 1)
  const parentLabel = protectedLabel(parent, home)
  if (rest.length === 0 && parentLabel && !SELF_ONLY.has(parent) && matchesEverything(pattern))
    return `everything in ${parentLabel}`
  for (const child of knownChildren(parent, home)) {
    if (!globMatches(pattern, child)) continue
    const label = dangerOf(posix.join(parent, child, ...rest), env)
    if (label) return label
  }
  return undefined
}

function knownChildren(parent: string, home: string): string[] {
  const children = new Set<string>()
  if (parent === '/') for (const name of TOP_LEVEL) children.add(name)
  for (const path of SECOND_LEVEL) if (posix.dirname(path) === parent) children.add(posix.basename(path))
  if (home.startsWith(`${parent === '/' ? '' : parent}/`)) {
    const next = home.slice(parent === '/' ? 1 : parent.length + 1).split('/')[0]
    if (next) children.add(next)
  }
  return [...children]
}

/** `*`, `.*`, `?*`, `[a-z]*`: a pattern that matches every name in a directory. */
function matchesEverything(pattern: string): boolean {
  return /^\.?(\?|\[[^\]]*\])*\*[*?]*$/.test(pattern) || /^\.?\*/.test(pattern) && /^[.*?]+$/.test(pattern)
}

function globMatches(pattern: string, name: string): boolean {
  let source = ''
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? ''
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else if (char === '[') {
      const close = pattern.indexOf(']', index + 2)
      if (close === -1) source += '\\['
      else {
        const body = pattern.slice(index + 1, close).replace(/^[!^]/, '^').replace(/\\/g, '\\\\')
        source += `[${body}]`
        index = close
      }
    } else source += char.replace(/[.+^${}()|\\\]]/g, '\\$&')
  }
  try {
    return new RegExp(`^${source}$`).test(name)
  } catch (error) {
    // A malformed bracket expression: bash would treat it literally, so compare literally.
    void error
    return pattern === name
  }
}

const SAFE_DEVICES = /^(null|zero|full|random|urandom|stdin|stdout|stderr|console|ptmx|kmsg|log|tty[\w.]*|cu\.[\w.-]+|(fd|pts|shm|mqueue|tcp|udp|snd|input|dri)\/.*|fd)$/

function isWritableDevice(path: string): boolean {
  if (!path.startsWith('/dev/')) return false
  const name = path.slice('/dev/'.length)
  return name !== '' && !SAFE_DEVICES.test(name)
}

function isDevice(word: ShellWord, env: Env): boolean {
  const value = env.text(word)
  const path = value === undefined ? undefined : absolutePath(value, env.cwd)
  return typeof path === 'string' && isWritableDevice(path)
}
