import type {SimpleCommand} from '../shell-parse/parsed-command.js'
import {invocationsOf} from './command-wrappers.js'
import type {Invocation} from './invocation.js'
import {applyEffects, type Env, envFor, type Known, newShellState, type Variables} from './shell-state.js'

/**
 * Visits the commands in order, each with what the shell knows when it runs (directory, variables,
 * files written before) and what it really runs once unwrapped; then applies its effects.
 */
export function walkCommands(
  commands: SimpleCommand[],
  known: Known,
  cwd: string | null,
  inherited: Variables,
  visit: (command: SimpleCommand, env: Env, invocations: Invocation[]) => void,
): void {
  const state = newShellState(known, cwd, inherited)
  for (const command of commands) {
    const env = envFor(state, command, commands)
    const invocations = invocationsOf(command, env)
    visit(command, env, invocations)
    applyEffects(state, command, env, invocations)
  }
}
