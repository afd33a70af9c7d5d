// What a hazard rule says about one command, and the pieces every rule says it with.

import type {ShellWord} from '../shell-parse/parsed-command.js'
import type {Invocation} from '../shell-classify/invocation.js'
import type {Env} from '../shell-classify/shell-state.js'

export type Hazard =
  | 'privilege-escalation'
  | 'recursive-delete'
  | 'filesystem-format'
  | 'device-write'
  | 'fork-bomb'
  | 'recursive-permissions'
  | 'shutdown'

/** A refusal, or a reason the command cannot be shown safe. */
export type Finding = {kind: 'deny'; hazard: Hazard; what: string} | {kind: 'suspicious'; why: string}

/** Looks at one command (already unwrapped) and its arguments. */
export type Rule = (invocation: Invocation, args: ShellWord[], env: Env) => Finding[]

export function deny(hazard: Hazard, what: string): Finding {
  return {kind: 'deny', hazard, what}
}

/** The command as written, short enough for a one-line reason. */
export function shown(invocation: Invocation): string {
  // Brace expansion makes several words of one raw word: show it once.
  const raws = invocation.words.map((word) => word.raw).filter((raw, index, all) => index === 0 || raw !== all[index - 1])
  const text = raws.join(' ').replace(/\s+/g, ' ')
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

/** `mkfs --help` only prints. */
export function onlyAsksForHelp(args: ShellWord[], env: Env): boolean {
  return args.length === 1 && ['--help', '--version', '-V'].includes(env.text(args[0] as ShellWord) ?? '')
}
