import type {Target} from '../tools/tool-declaration.js'

/** A configured hook: a command run before or after the calls of the tools whose name `match` matches whole. */
export interface ToolHookSpec {
  when: 'before' | 'after'
  /** The config's regex, anchored: `edit_file|write_file` matches those two tools, not `my_edit_file_2`. */
  match: RegExp
  command: string
  timeoutMs: number
  /** The config file it came from, for warnings. */
  source: string
}

/** A call as a hook receives it: JSON on stdin, and the same in environment variables. */
export interface HookedCall {
  tool: string
  arguments: Record<string, unknown>
  /** Each target as text: a path, a command line, a package name. */
  targets: string[]
  workspace: string
  /** after_tool only: how the call ended and the text the model gets. */
  result?: {outcome: string; text: string}
}

/** What the call executor asks of the hooks; the port keeps processes out of the agent loop's tests. */
export interface ToolHooks {
  /** Runs the matching before_tool hooks, in order; the first that exits 2 blocks the call, its stderr the reason. */
  beforeTool(call: HookedCall, signal: AbortSignal): Promise<{blockedBy: string; reason: string} | undefined>
  /** Runs the matching after_tool hooks; returns what they printed, to append to the result ('' when nothing). */
  afterTool(call: HookedCall, result: {outcome: string; text: string}, signal: AbortSignal): Promise<string>
}

/** The config's `match` as an anchored regex (the config schema checked it compiles). */
export function hookMatcher(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`)
}

export function targetText(target: Target): string {
  switch (target.kind) {
    case 'path':
      return target.path
    case 'command':
      return target.command
    case 'package':
      return target.name
    case 'value':
      return target.value
  }
}

/** The environment a hook runs with, besides the inherited one. */
export function hookEnvironment(call: HookedCall): Record<string, string> {
  return {LILLYCODER_TOOL: call.tool, LILLYCODER_TARGETS: call.targets.join(' '), LILLYCODER_WORKSPACE: call.workspace}
}

/** Shell syntax a program's argv cannot carry: such a command runs with `sh -c`. Quotes alone do not need a shell. */
export function needsShell(command: string): boolean {
  return /[|&;<>()$`\\*?[\]{}~#!\n]/.test(command)
}
