// Shutdown: commands that power off, reboot or suspend the machine, or kill init or every process.

import type {ShellWord} from '../shell-parse/parsed-command.js'
import {operands} from '../shell-classify/command-options.js'
import {deny, type Finding, onlyAsksForHelp, type Rule, shown} from './hazard-finding.js'
import type {Invocation} from '../shell-classify/invocation.js'
import type {Env} from '../shell-classify/shell-state.js'

const shutdown: Rule = (invocation, args, env) =>
  onlyAsksForHelp(args, env) ? [] : [deny('shutdown', `shutting down or rebooting the machine (${shown(invocation)})`)]

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
  const words = operands(args, env.text, {
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
  const names = operands(args, env.text, {short: 'sugGtPFnoUvc', long: ['signal', 'user', 'group', 'parent', 'session', 'pidfile', 'terminal']})
  return names.some((word) => ['init', 'systemd', '1'].includes(env.text(word) ?? ''))
    ? [deny('shutdown', `killing init (${shown(invocation)})`)]
    : []
}

/** Commands that power off, reboot, suspend or take init down with them. */
export const SHUTDOWN_RULES: Record<string, Rule> = {
  ...Object.fromEntries(
    ['shutdown', 'reboot', 'halt', 'poweroff', 'openrc-shutdown', 'pm-suspend', 'pm-hibernate', 'pm-suspend-hybrid'].map((name) => [name, shutdown]),
  ),
  kexec: (invocation, args, env) => (args.some((word) => /^(-[^-]*e|--exec)$/.test(env.text(word) ?? '')) ? shutdown(invocation, args, env) : []),
  'dbus-send': login1Power,
  gdbus: login1Power,
  busctl: login1Power,
  init: runlevel,
  telinit: runlevel,
  systemctl,
  kill: killEverything,
  killall5: (invocation) => [deny('shutdown', `killing every process (${shown(invocation)})`)],
  pkill: killInit,
  killall: killInit,
}
