import type {Config} from '@oclif/core'

import {loadToolRegistry} from '../runtime/load-tools.js'
import type {ToolRegistry} from '../runtime/tool-registry.js'

/** Loads every plugin's tools and says on stderr which ones were left out, and why. */
export async function loadRegistryWithWarnings(config: Config, workspace: string): Promise<ToolRegistry> {
  const registry = await loadToolRegistry(config, workspace)
  for (const problem of registry.problems) process.stderr.write(`lillycoder: warning: ${problem}\n`)
  return registry
}
