import {toolsChars} from '../../runtime/context/context-budget.js'
import type {McpServerStatus} from '../../runtime/mcp/mcp-servers.js'
import {ToolRegistry} from '../../runtime/tools/tool-registry.js'
import type {ToolSchema} from '../../runtime/tools/tool-schema.js'
import {warnOnStderr} from '../warn-on-stderr.js'
import {loadPolicy} from './load-policy.js'
import {sessionExtensions} from './session-extensions.js'
import {startMcpServers} from './start-mcp.js'

/** A server as `mcp list` prints it: its state after a start attempt, and its tools with what each costs per request. */
export interface McpServerListing {
  name: string
  state: McpServerStatus['state']
  transport: 'stdio' | 'http'
  endpoint: string
  /** The config file that declared it. */
  file: string
  problem?: string
  tools: Array<{name: string; remoteName: string; mutates: boolean; tokens: number; description: string}>
}

/** Tokens one tool adds to every request, at chars/4 (the estimate the README's budget uses). */
export function schemaTokens(schema: ToolSchema): number {
  return Math.ceil(toolsChars([schema]) / 4)
}

/**
 * Starts the configured MCP servers (trusted ones; a project's untrusted ones are listed as waiting) into
 * `registry`, waits for them, runs `use`, and stops them again, whatever `use` does.
 */
export async function withMcpServers<T>(workspace: string, registry: ToolRegistry, use: (servers: McpServerStatus[]) => T | Promise<T>): Promise<T> {
  const {files, store} = await loadPolicy({workspace, quietAboutTrust: true})
  const extensions = sessionExtensions(files, store)
  extensions.notes.forEach(warnOnStderr)
  const started = await startMcpServers(extensions, {registry, workspace, warn: warnOnStderr})
  if (!started) return use([])
  try {
    await started.ready
    return await use(started.servers.list())
  } finally {
    await started.servers.close()
  }
}

/** `mcp list`: every configured server, started once, with its tools. */
export async function listMcpServers(workspace: string): Promise<McpServerListing[]> {
  const registry = new ToolRegistry()
  return withMcpServers(workspace, registry, (servers) => {
    const schemas = new Map(registry.schemas().map((schema) => [schema.function.name, schema]))
    return servers.map((server) => ({
      name: server.name,
      state: server.state,
      transport: server.config.transport,
      endpoint: server.config.transport === 'http' ? server.config.url : [server.config.command, ...server.config.args].join(' '),
      file: server.config.file,
      ...(server.problem ? {problem: server.problem} : {}),
      tools: server.tools.map((tool) => {
        const schema = schemas.get(tool.name)
        return {name: tool.name, remoteName: tool.remoteName, mutates: tool.mutates, tokens: schema ? schemaTokens(schema) : 0, description: tool.description}
      }),
    }))
  })
}

/** The listing as text: a line per server, then its tools indented. */
export function formatMcpListing(servers: readonly McpServerListing[]): string {
  if (servers.length === 0) return 'no MCP servers configured (add mcp.servers to your config; see the README, "MCP servers")'
  return servers
    .map((server) => {
      const head = `${server.name}  ${server.state}${server.problem ? `: ${server.problem}` : server.state === 'waiting' ? ' for `lillycoder policy trust`' : ''}  (${server.transport}: ${server.endpoint}; from ${server.file})`
      const width = Math.max(0, ...server.tools.map((tool) => tool.name.length))
      const tools = server.tools.map((tool) => `  ${tool.name.padEnd(width)}  ${tool.mutates ? 'mutates' : 'reads  '}  ~${tool.tokens} tokens  ${firstLine(tool.description)}`)
      return [head, ...tools].join('\n')
    })
    .join('\n')
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]
  return line.length > 80 ? `${line.slice(0, 79)}…` : line
}
