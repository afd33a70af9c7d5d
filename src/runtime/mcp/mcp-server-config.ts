import type {ConfigOrigin} from '../config/config-schema.js'

/** One configured MCP server, as the session starts it. */
export type McpServerConfig = {
  name: string
  /** The config file that declared it, and whether that was the user's or the project's. */
  file: string
  origin: ConfigOrigin
  /** The allowlist: only these of its tools reach the model. */
  tools?: readonly string[]
} & ({transport: 'stdio'; command: string; args: readonly string[]; env?: Readonly<Record<string, string>>} | {transport: 'http'; url: string})

/** `waiting`: a project server whose file is not trusted yet; it is not started. */
export type McpServerState = 'waiting' | 'starting' | 'running' | 'failed' | 'stopped'

/** One line a person reads: how the server is reached. */
export function describeEndpoint(config: McpServerConfig): string {
  return config.transport === 'http' ? config.url : [config.command, ...config.args].join(' ')
}
