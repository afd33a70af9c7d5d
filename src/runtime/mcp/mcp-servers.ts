import type {ToolRegistry} from '../tools/tool-registry.js'
import {McpConnection} from './mcp-connection.js'
import type {McpServerConfig, McpServerState} from './mcp-server-config.js'

export interface McpServersOptions {
  /** The session's registry: each server's tools join it when it runs and leave it when it stops. */
  registry: ToolRegistry
  workspace: string
  startTimeoutMs: number
  callTimeoutMs: number
  /** One line per problem: a failed start, a crash, a timeout, tools left out. */
  warn(message: string): void
}

/** A server as `/mcp` and `mcp list` show it. */
export interface McpServerStatus {
  name: string
  state: McpServerState
  config: McpServerConfig
  problem?: string
  /** Model-facing names and descriptions of its tools while it runs. */
  tools: Array<{name: string; remoteName: string; description: string; mutates: boolean}>
}

export const DEFAULT_START_TIMEOUT_MS = 30_000
export const DEFAULT_CALL_TIMEOUT_MS = 120_000

/** The session's MCP servers: started together, watched, restarted on request, stopped when the session ends. */
export class McpServers {
  private readonly connections = new Map<string, McpConnection>()
  private starting?: Promise<void>

  /** `waiting`: project servers held back until their file is trusted; listed, never started. */
  constructor(
    configs: readonly McpServerConfig[],
    private readonly options: McpServersOptions,
    waiting: readonly McpServerConfig[] = [],
  ) {
    const connectionOptions = {
      workspace: options.workspace,
      startTimeoutMs: options.startTimeoutMs,
      callTimeoutMs: options.callTimeoutMs,
      onChange: (connection: McpConnection, warnings: readonly string[]) => this.changed(connection, warnings),
    }
    for (const config of configs) this.connections.set(config.name, new McpConnection(config, connectionOptions))
    for (const config of waiting) {
      const connection = new McpConnection(config, connectionOptions)
      connection.state = 'waiting'
      this.connections.set(config.name, connection)
    }
  }

  get size(): number {
    return this.connections.size
  }

  /** Starts every server in parallel; settles when each runs or failed, at most the start timeout after the call. */
  start(): Promise<void> {
    this.starting ??= Promise.all([...this.connections.values()].filter((connection) => connection.state !== 'waiting').map((connection) => connection.start())).then(() => undefined)
    return this.starting
  }

  list(): McpServerStatus[] {
    return [...this.connections.values()].map((connection) => ({
      name: connection.config.name,
      state: connection.state,
      config: connection.config,
      problem: connection.problem,
      tools: connection.tools.map((tool) => ({name: tool.declaration.name, remoteName: tool.remoteName, description: tool.declaration.description, mutates: tool.declaration.mutates})),
    }))
  }

  /** Stops and starts one server; says what happened in one line. */
  async restart(name: string): Promise<string> {
    const connection = this.connections.get(name)
    if (!connection) return `no MCP server named ${name}; the servers are: ${[...this.connections.keys()].join(', ') || 'none'}`
    if (connection.state === 'waiting') return `${name} waits until you trust ${connection.config.file} (lillycoder policy trust)`
    await connection.close()
    this.options.registry.replaceExternal(sourceOf(name), [])
    await connection.start()
    return connection.state === 'running' ? `${name} restarted: ${connection.tools.length} tools` : `${name} did not restart: ${connection.problem ?? connection.state}`
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.close()))
  }

  private changed(connection: McpConnection, warnings: readonly string[]): void {
    const tools = connection.state === 'running' ? connection.tools : []
    const clashes = this.options.registry.replaceExternal(sourceOf(connection.config.name), tools)
    for (const warning of [...warnings, ...clashes]) this.options.warn(warning)
  }
}

/** The source a server's tools are listed under: `mcp:<server>`. */
export function sourceOf(server: string): string {
  return `mcp:${server}`
}
