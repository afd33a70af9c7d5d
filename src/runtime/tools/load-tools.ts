import type {Config} from '@oclif/core'

import type {ToolDeclaration} from './tool-declaration.js'
import {ToolRegistry} from './tool-registry.js'

/**
 * The hook every tool plugin answers: `"oclif": {"hooks": {"tools:register": "./dist/hooks/tools.js"}}`
 * in its package.json, whose default export returns the plugin's tool declarations.
 */
declare module '@oclif/core/hooks' {
  interface Hooks {
    'tools:register': {
      options: {workspace: string}
      return: ToolDeclaration[]
    }
  }
}

// A plugin whose hook hangs must not hang the CLI.
const HOOK_TIMEOUT_MS = 10_000

/** Collects the tools of every installed plugin; the CLI's own (builtin) tools come first and win name clashes. */
export async function loadToolRegistry(config: Config, workspace: string): Promise<ToolRegistry> {
  const result = await config.runHook('tools:register', {workspace}, HOOK_TIMEOUT_MS, true)
  const rootName = config.pjson.name
  const rank = (name: string) => (name === rootName ? 0 : 1)
  const contributions = [
    ...result.successes.map(({plugin, result: tools}) => ({source: plugin.name, tools})),
    ...result.failures.map(({plugin, error}) => ({source: plugin.name, error})),
  ].sort((a, b) => rank(a.source) - rank(b.source) || a.source.localeCompare(b.source))
  return ToolRegistry.fromContributions(contributions)
}
