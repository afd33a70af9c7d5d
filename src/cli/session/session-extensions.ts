import path from 'node:path'

import {isTrusted, type TrustStore} from '../../policy/trust.js'
import type {ConfigFile} from '../../runtime/config/config-files.js'
import {hookMatcher, type ToolHookSpec} from '../../runtime/agent/hooks.js'
import type {McpServerConfig} from '../../runtime/mcp/mcp-server-config.js'

const DEFAULT_HOOK_TIMEOUT_MS = 30_000

/** What the config files declare that starts programs (MCP servers, hooks), split by whether it may run yet. */
export interface SessionExtensions {
  servers: McpServerConfig[]
  /** Project servers whose file is not trusted: listed, not started. */
  waitingServers: McpServerConfig[]
  hooks: ToolHookSpec[]
  /** How many hooks an untrusted project file declares; they do not run. */
  waitingHooks: number
  startTimeoutMs?: number
  callTimeoutMs?: number
  /** One line each: what waits for `lillycoder policy trust`, a server declared twice. */
  notes: string[]
}

type SettingsFile = Pick<ConfigFile, 'path' | 'origin' | 'settings' | 'sha256'>

/**
 * MCP servers and hooks from the user file and the project file. Starting a program is code execution, so a
 * project file's entries count only once the user trusted that file as it is now (the trust of its allow rules).
 * A server name in both files is the user's: an untrusted repository cannot replace it.
 */
export function sessionExtensions(files: readonly SettingsFile[], store: TrustStore): SessionExtensions {
  const result: SessionExtensions = {servers: [], waitingServers: [], hooks: [], waitingHooks: 0, notes: []}
  const ordered = [...files].sort((a, b) => (a.origin === b.origin ? 0 : a.origin === 'user' ? -1 : 1))
  for (const file of ordered) {
    const trusted = file.origin === 'user' || isTrusted(store, file.path, file.sha256)
    const {mcp, hooks} = file.settings
    const waiting: string[] = []
    for (const [name, entry] of Object.entries(mcp?.servers ?? {})) {
      if ([...result.servers, ...result.waitingServers].some((server) => server.name === name)) {
        result.notes.push(`MCP server ${name} is declared in ${file.path} too; the one in your user config is used`)
        continue
      }
      const base = {name, file: file.path, origin: file.origin, tools: entry.tools}
      const config: McpServerConfig = entry.url !== undefined ? {...base, transport: 'http', url: entry.url} : {...base, transport: 'stdio', command: entry.command ?? '', args: entry.args ?? [], env: entry.env}
      ;(trusted ? result.servers : result.waitingServers).push(config)
      if (!trusted) waiting.push(name)
    }
    result.startTimeoutMs ??= seconds(mcp?.startTimeout)
    result.callTimeoutMs ??= seconds(mcp?.callTimeout)
    const specs = (['before', 'after'] as const).flatMap((when) =>
      (hooks?.[`${when}_tool`] ?? []).map((hook) => ({when, match: hookMatcher(hook.match), command: hook.command, timeoutMs: seconds(hook.timeout) ?? DEFAULT_HOOK_TIMEOUT_MS, source: path.basename(file.path)})),
    )
    if (trusted) result.hooks.push(...specs)
    else result.waitingHooks += specs.length
    const held = [waiting.length > 0 && `MCP server${waiting.length === 1 ? '' : 's'} ${waiting.join(', ')}`, specs.length > 0 && !trusted && `${specs.length} hook${specs.length === 1 ? '' : 's'}`].filter(Boolean)
    if (held.length > 0) result.notes.push(`${held.join(' and ')} from ${file.path} wait until you trust that file: review it, then run \`lillycoder policy trust\``)
  }
  return result
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 1000)
}
