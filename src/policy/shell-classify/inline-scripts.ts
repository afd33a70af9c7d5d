import type {ParsedCommand, SimpleCommand} from '../shell-parse/parsed-command.js'
import type {Known} from './shell-state.js'
import {walkCommands} from './walk-commands.js'

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
