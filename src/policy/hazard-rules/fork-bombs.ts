// Fork bombs: a function that calls itself (or a function that calls it) through a pipe or `&`.

import type {ParsedCommand} from '../shell-parse/parsed-command.js'
import {deny, type Finding} from './hazard-finding.js'
import type {Known} from '../shell-classify/shell-state.js'
import {walkCommands} from '../shell-classify/walk-commands.js'

/** A fork bomb among the functions the script defines, if there is one. */
export function forkBombs(parsed: ParsedCommand): Finding[] {
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
