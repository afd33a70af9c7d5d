// Device writes: dd, tee, cp, shred, partitioning tools or a redirection onto a block device (or /proc/sysrq-trigger).

import type {ShellWord, SimpleCommand} from '../shell-parse/parsed-command.js'
import {absolutePath} from '../shell-classify/absolute-path.js'
import {operands} from '../shell-classify/command-options.js'
import {deny, type Finding, type Rule, shown} from './hazard-finding.js'
import type {Invocation} from '../shell-classify/invocation.js'
import type {Env} from '../shell-classify/shell-state.js'
import {withoutPrefix} from '../shell-classify/word-edits.js'

const SAFE_DEVICES = /^(null|zero|full|random|urandom|stdin|stdout|stderr|console|ptmx|kmsg|log|tty[\w.]*|cu\.[\w.-]+|(fd|pts|shm|mqueue|tcp|udp|snd|input|dri)\/.*|fd)$/

function isWritableDevice(path: string): boolean {
  if (!path.startsWith('/dev/')) return false
  const name = path.slice('/dev/'.length)
  return name !== '' && !SAFE_DEVICES.test(name)
}

/** The absolute path a word names; undefined when its value is unknown or empty, null when relative to an unknown directory. */
function pathOfWord(word: ShellWord, env: Env): string | undefined | null {
  const value = env.text(word)
  return value === undefined ? undefined : absolutePath(value, env.cwd)
}

/** Whether the word names a block device (or another device that is not safe to write). */
export function isDevice(word: ShellWord, env: Env): boolean {
  const path = pathOfWord(word, env)
  return typeof path === 'string' && isWritableDevice(path)
}

/** Writing to a path: refused for a block device, and for /proc/sysrq-trigger, which reboots or halts. */
function writeFindings(path: string, what: string): Finding[] {
  if (path === '/proc/sysrq-trigger') return [deny('shutdown', `writing to /proc/sysrq-trigger, which can reboot or halt the machine`)]
  if (isWritableDevice(path)) return [deny('device-write', what.replace(path, `the device ${path}`))]
  return []
}

function deviceOperands(invocation: Invocation, words: ShellWord[], env: Env, doing: string): Finding[] {
  return words.flatMap((word) => {
    const path = pathOfWord(word, env)
    return path ? writeFindings(path, `${doing} ${path} (${shown(invocation)})`) : []
  })
}

function partitioning(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const values = args.map((word) => env.text(word) ?? '')
  const readOnly = values.some((value) =>
    ['-l', '--list', '-p', '--print', 'print', '-d', '--dump', '-J', '--json', '-V', '--verify', '-v', '-h', '--help', '--version', '-s', '--show-size', '-i', '--info'].includes(value) || /^-[a-zA-Z]*l$/.test(value),
  )
  return readOnly ? [] : deviceOperands(invocation, operands(args, env.text, {}), env, 'repartitioning')
}

function copyOntoDevice(invocation: Invocation, args: ShellWord[], env: Env): Finding[] {
  const target = args.findIndex((word) => /^(-t|--target-directory(=.*)?)$/.test(env.text(word) ?? ''))
  if (target !== -1) {
    const value = env.text(args[target] as ShellWord) ?? ''
    const word = value.includes('=') ? withoutPrefix(args[target] as ShellWord, value.slice(0, value.indexOf('=') + 1)) : args[target + 1]
    return word ? deviceOperands(invocation, [word], env, 'writing to') : []
  }
  const found = operands(args, env.text, {short: 'SmogtZ', long: ['suffix', 'mode', 'owner', 'group', 'context']})
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

/** `> /dev/sda`: a redirection writes its target whatever the command. */
export function redirectFindings(command: SimpleCommand, env: Env): Finding[] {
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

/** Commands that write to the device or path among their operands. */
export const DEVICE_WRITE_RULES: Record<string, Rule> = {
  blkdiscard: (invocation, args, env) => deviceOperands(invocation, operands(args, env.text, {short: 'olp'}), env, 'discarding a disk'),
  dd: deviceByDd,
  tee: (invocation, args, env) => deviceOperands(invocation, operands(args, env.text, {long: ['output-error']}), env, 'writing to'),
  shred: (invocation, args, env) => deviceOperands(invocation, operands(args, env.text, {short: 'ns', long: ['iterations', 'size', 'random-source']}), env, 'shredding'),
  truncate: (invocation, args, env) => deviceOperands(invocation, operands(args, env.text, {short: 'sr', long: ['size', 'reference']}), env, 'truncating'),
  cp: copyOntoDevice,
  mv: copyOntoDevice,
  install: copyOntoDevice,
  ddrescue: (invocation, args, env) => deviceOperands(invocation, operands(args, env.text, {}).slice(1, 2), env, 'writing to'),
  badblocks: (invocation, args, env) =>
    args.some((word) => /^-[^-]*w/.test(env.text(word) ?? '')) ? deviceOperands(invocation, operands(args, env.text, {short: 'bcdeiopt'}), env, 'overwriting') : [],
  ...Object.fromEntries(['fdisk', 'sfdisk', 'gdisk', 'cfdisk', 'sgdisk', 'parted'].map((name) => [name, partitioning])),
}
