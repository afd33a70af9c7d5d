import path from 'node:path'

import type {ToolContext} from './tool-declaration.js'

/** The context a tool runs in: the workspace root and the call's abort signal. */
export function createToolContext(workspace: string, signal: AbortSignal): ToolContext {
  return {
    workspace,
    signal,
    resolvePath: (target) => path.resolve(workspace, expandHome(target)),
  }
}

/** `~` and `~/x` mean the home directory, as a shell user would read them. */
export function expandHome(target: string, home = process.env.HOME ?? ''): string {
  if (target === '~') return home
  if (target.startsWith('~/')) return path.join(home, target.slice(2))
  return target
}
