import type {Config} from '@oclif/core'

import {loadToolRegistry} from '../../runtime/tools/load-tools.js'
import type {ToolRegistry} from '../../runtime/tools/tool-registry.js'
import {warnOnStderr} from '../warn-on-stderr.js'

/** Loads every plugin's tools and warns which ones were left out, and why. */
export async function loadRegistryWithWarnings(config: Config, workspace: string, warn: (message: string) => void = warnOnStderr): Promise<ToolRegistry> {
  const registry = await loadToolRegistry(config, workspace)
  for (const problem of registry.problems) warn(problem)
  return registry
}
