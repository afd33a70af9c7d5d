import type {CallFacts, CommandTargetFacts, TargetFacts} from './call-facts.js'
import {READ_ONLY_SHELL_TOOLS} from './read-only/read-only-shell-tools.js'
import type {Grant} from './types.js'

// Programs whose next word is another program or a script, not a subcommand: `a` on `env npm test` must not grant `env npm …`.
const LAUNCHERS: ReadonlySet<string> = new Set([
  'env', 'sudo', 'doas', 'su', 'runuser', 'nohup', 'nice', 'ionice', 'timeout', 'time', 'stdbuf', 'setsid', 'chroot', 'xargs',
  'command', 'builtin', 'exec', 'eval', 'source', '.', 'watch', 'flock', 'script', 'strace', 'ltrace', 'sg', 'busybox', 'toybox',
  'sh', 'bash', 'dash', 'zsh', 'ksh', 'fish',
])

// A subcommand is a name (`test`, `run`, `build:prod`): not an option, a path, or a file name with a dot.
const SUBCOMMAND = /^[a-z][a-z0-9_:-]*$/i

/**
 * What answering `a` grants for a call. For the shell tool: each command line's program and subcommand
 * (`npm test …`), or exactly that line when it is not one plain command or has no subcommand; for other tools: the tool.
 */
export function alwaysGrants(call: CallFacts): Grant[] {
  const commands = call.targets.filter(isCommand)
  if (!READ_ONLY_SHELL_TOOLS.has(call.tool) || commands.length === 0) return [{scope: 'tool', tool: call.tool}]
  return commands.map((target): Grant => {
    const words = programAndSubcommand(target.plainWords)
    return words ? {scope: 'command', tool: call.tool, words} : {scope: 'target', tool: call.tool, target: target.key}
  })
}

/** `npm test` of `npm test -- --watch`; undefined when the line is not plain or its second word is no subcommand. */
export function programAndSubcommand(words: readonly string[] | undefined): string[] | undefined {
  if (!words || words.length < 2) return undefined
  const [program, subcommand] = words
  const name = program.slice(program.lastIndexOf('/') + 1)
  if (LAUNCHERS.has(name) || !SUBCOMMAND.test(subcommand)) return undefined
  return [program, subcommand]
}

/** Whether a command grant covers a target: a plain command line whose first words are the grant's. */
export function commandGrantCovers(grant: Grant, target: TargetFacts): boolean {
  if (grant.scope !== 'command' || !grant.words || target.kind !== 'command' || !target.plainWords) return false
  const {plainWords} = target
  return grant.words.every((word, index) => plainWords[index] === word)
}

/** What a grant covers, in words: `bash: npm test …`, `write_file: always`, `write_file on /ws/a.txt: always`. */
export function describeGrant(grant: Grant): string {
  switch (grant.scope) {
    case 'tool':
      return `${grant.tool}: always`
    case 'command':
      return `${grant.tool}: ${(grant.words ?? []).join(' ')} …`
    case 'target':
      return `${grant.tool} on ${grant.target ?? ''}: always`
  }
}

/** The `[a]` answer's words at the gate: `always for npm test …`, `always for this exact command`, `always for this tool`. */
export function describeAlways(grants: readonly Grant[]): string {
  const parts = grants.map((grant) => {
    switch (grant.scope) {
      case 'tool':
        return 'this tool'
      case 'command':
        return `${(grant.words ?? []).join(' ')} …`
      case 'target':
        return 'this exact command'
    }
  })
  return `always for ${[...new Set(parts)].join(', ')}`
}

function isCommand(target: TargetFacts): target is CommandTargetFacts {
  return target.kind === 'command'
}
