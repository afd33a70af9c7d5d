import type {McpServers, McpServerStatus} from '../../runtime/mcp/mcp-servers.js'
import {describeEndpoint} from '../../runtime/mcp/mcp-server-config.js'
import type {Colors} from './colors.js'

/** `/mcp` lists the servers with their state and tool count; `/mcp restart NAME` restarts one. */
export async function mcpCommand(servers: McpServers | undefined, args: readonly string[], out: NodeJS.WritableStream, colors: Colors): Promise<void> {
  if (!servers || servers.size === 0) {
    out.write(`${colors.dim('no MCP servers configured (mcp.servers in a config file)')}\n`)
    return
  }
  if (args[0] === 'restart') {
    if (!args[1]) out.write(`${colors.yellow('/mcp restart NAME: name the server')}\n`)
    else out.write(`${await servers.restart(args[1])}\n`)
    return
  }
  if (args.length > 0) {
    out.write(`${colors.yellow(`unknown /mcp ${args[0]}`)}; /mcp lists the servers, /mcp restart NAME restarts one\n`)
    return
  }
  for (const server of servers.list()) out.write(`${formatServerLine(server, colors)}\n`)
  out.write(`${colors.dim('/mcp restart NAME restarts one')}\n`)
}

/** e.g. `fs  running  3 tools  npx -y @modelcontextprotocol/server-filesystem .`. */
export function formatServerLine(server: McpServerStatus, colors: Colors): string {
  const state = server.state === 'running' ? colors.green(server.state) : server.state === 'failed' ? colors.red(server.state) : colors.yellow(server.state)
  const tools = server.state === 'running' ? `${server.tools.length} tool${server.tools.length === 1 ? '' : 's'}` : (server.problem ?? (server.state === 'waiting' ? 'waits for `lillycoder policy trust`' : ''))
  return `${colors.bold(server.name)}  ${state}  ${tools}  ${colors.dim(describeEndpoint(server.config))}`
}
