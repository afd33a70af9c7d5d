import type {McpServers} from '../../runtime/mcp/mcp-servers.js'
import type {ToolRegistry} from '../../runtime/tools/tool-registry.js'
import type {SessionExtensions} from './session-extensions.js'

/**
 * The session's MCP servers, starting in parallel (undefined when none is configured, so neither the MCP SDK nor
 * our MCP modules are loaded). `ready` settles when each has started or failed, at most the start timeout from now.
 */
export async function startMcpServers(
  extensions: SessionExtensions,
  options: {registry: ToolRegistry; workspace: string; warn(message: string): void},
): Promise<{servers: McpServers; ready: Promise<void>} | undefined> {
  if (extensions.servers.length === 0 && extensions.waitingServers.length === 0) return undefined
  const {DEFAULT_CALL_TIMEOUT_MS, DEFAULT_START_TIMEOUT_MS, McpServers} = await import('../../runtime/mcp/mcp-servers.js')
  const servers = new McpServers(
    extensions.servers,
    {...options, startTimeoutMs: extensions.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, callTimeoutMs: extensions.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS},
    extensions.waitingServers,
  )
  return {servers, ready: sayWhenSlow(servers, servers.start(), options.warn)}
}

// Below this a start goes unremarked; above it the person should know what the first request waits for.
const SLOW_START_MS = 2000

/** One line when the servers take a while (an `npx -y` download), so a quiet pause is explained. */
function sayWhenSlow(servers: McpServers, ready: Promise<void>, warn: (message: string) => void): Promise<void> {
  const timer = setTimeout(() => {
    const starting = servers.list().filter((server) => server.state === 'starting')
    if (starting.length > 0) warn(`waiting for MCP server${starting.length === 1 ? '' : 's'} ${starting.map((server) => server.name).join(', ')} to start…`)
  }, SLOW_START_MS)
  timer.unref()
  return ready.finally(() => clearTimeout(timer))
}
