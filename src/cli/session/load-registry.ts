import type {Config} from '@oclif/core'
import path from 'node:path'

import {loadToolRegistry} from '../../runtime/tools/load-tools.js'
import type {ToolRegistry} from '../../runtime/tools/tool-registry.js'
import {describeTool, type ToolDescription} from '../describe-tool.js'
import {warnOnStderr} from '../warn-on-stderr.js'
import {type CachedPlugin, computeFingerprint, toolCacheDir, writeToolListCache} from './tool-list-cache.js'

export interface LoadRegistryOptions {
  warn?: (message: string) => void
  /** Write the tool-list cache before returning (tools list) instead of once the queued work is done (chat, run). */
  cacheNow?: boolean
}

/** Loads every plugin's tools, warns which ones were left out and why, and refreshes the cache `tools list` answers from. */
export async function loadRegistryWithWarnings(config: Config, workspace: string, options: LoadRegistryOptions = {}): Promise<ToolRegistry> {
  const warn = options.warn ?? warnOnStderr
  const plugins = cachedPlugins(config)
  // Taken before the hooks run, so a plugin edited while they run leaves a cache that no longer matches.
  const fingerprint = computeFingerprint({cliRoot: config.root, dataDir: config.dataDir, workspace}, plugins)
  const registry = await loadToolRegistry(config, workspace)
  for (const problem of registry.problems) warn(problem)
  if (fingerprint !== undefined) {
    let written = false
    const write = () => {
      if (written) return
      written = true
      writeToolListCache(toolCacheDir(), {fingerprint, plugins, tools: describeTools(registry), problems: registry.problems})
    }
    // chat and run have a first request to send on a machine they share: the cache waits until that is on its way,
    // or until the process is about to end when that comes sooner (a short run).
    if (options.cacheNow) write()
    else {
      setTimeout(write, CACHE_WRITE_DELAY_MS).unref()
      process.once('beforeExit', write)
    }
  }
  return registry
}

const CACHE_WRITE_DELAY_MS = 1500

/** `tools list` / `tools show` on a cache miss: the tools as they print them, with the cache written for next time. */
export async function loadToolDescriptions(config: Config, workspace: string): Promise<ToolDescription[]> {
  return describeTools(await loadRegistryWithWarnings(config, workspace, {cacheNow: true}))
}

/** The registry's tools as printed; their JSON Schemas are the ones the requests send, converted from zod once. */
function describeTools(registry: ToolRegistry): ToolDescription[] {
  const schemas = registry.schemas()
  // MCP tools come and go with their servers: the cache holds the plugins' tools only.
  return registry.list().flatMap((tool, index) => (tool.external ? [] : [describeTool(tool, schemas[index].function.parameters)]))
}

function cachedPlugins(config: Config): CachedPlugin[] {
  return [...config.plugins.values()].map((plugin) => ({
    name: plugin.name,
    type: plugin.type,
    root: plugin.root,
    hooks: (plugin.hooks['tools:register'] ?? []).map((hook) => path.join(plugin.root, hook.target)),
  }))
}
