import type {Client} from '@modelcontextprotocol/sdk/client/index.js'
import type {Transport} from '@modelcontextprotocol/sdk/shared/transport.js'
import {z} from 'zod'

import {errorText} from '../text/error-text.js'
import {loadJsonSchemaValidator} from './json-schema-arguments.js'
import {type McpTool, mcpToolDeclarations} from './mcp-declarations.js'
import type {McpServerConfig, McpServerState} from './mcp-server-config.js'

export interface McpConnectionOptions {
  workspace: string
  startTimeoutMs: number
  callTimeoutMs: number
  /** The state or tools changed; `warning` is one line for the person (a crash, a timeout, tools left out). */
  onChange(connection: McpConnection, warnings: readonly string[]): void
}

// Lenient on purpose: one tool with a broken schema must cost that tool, not the server (the SDK's own
// listTools() rejects the whole answer).
const toolListSchema = z.looseObject({tools: z.array(z.unknown()), nextCursor: z.string().optional()})

// A server that pages forever is cut off; tools past this are far beyond what is used anyway.
const MAX_LIST_PAGES = 20
const STDERR_TAIL = 600

/** One MCP server over the official SDK client: started, listed, called, watched for a crash, restarted. */
export class McpConnection {
  state: McpServerState = 'stopped'
  /** Why it is not running, when it failed. */
  problem?: string
  tools: McpTool[] = []
  private client?: Client
  private stderrTail = ''
  private generation = 0

  constructor(
    readonly config: McpServerConfig,
    private readonly options: McpConnectionOptions,
  ) {}

  /** Starts the server and lists its tools; never rejects: a failure is the state `failed` and one warning. */
  async start(): Promise<void> {
    const generation = ++this.generation
    this.state = 'starting'
    this.problem = undefined
    this.stderrTail = ''
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.options.startTimeoutMs).unref())
    try {
      const started = await Promise.race([this.connectAndList(generation), timeout])
      if (generation !== this.generation) return
      if (started === 'timeout') {
        this.fail(`did not start within ${this.options.startTimeoutMs / 1000} s`)
        return
      }
      this.tools = started.tools
      this.state = 'running'
      this.options.onChange(this, started.problems)
    } catch (error) {
      if (generation === this.generation) this.fail(`could not start: ${this.describe(error)}`)
    }
  }

  /** Runs a tool. A timeout is taken as a server that hangs: it is stopped and its tools leave the list. */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    const client = this.client
    if (this.state !== 'running' || !client) throw new Error(`the server is ${this.state}${this.problem ? ` (${this.problem})` : ''}`)
    try {
      return await client.callTool({name: tool, arguments: args}, undefined, {signal, timeout: this.options.callTimeoutMs})
    } catch (error) {
      if (signal.aborted) throw error
      const {ErrorCode, McpError} = await import('@modelcontextprotocol/sdk/types.js')
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        this.fail(`a call to ${tool} timed out after ${this.options.callTimeoutMs / 1000} s`)
        throw new Error(`the call timed out after ${this.options.callTimeoutMs / 1000} s; the server was stopped`)
      }
      throw new Error(this.describe(error))
    }
  }

  /** Stops the server (its process, for stdio); the tools leave the list. */
  async close(): Promise<void> {
    this.generation++
    const client = this.client
    this.client = undefined
    this.tools = []
    if (this.state !== 'waiting') this.state = 'stopped'
    await client?.close().catch(() => undefined)
  }

  private async connectAndList(generation: number): Promise<{tools: McpTool[]; problems: string[]}> {
    const [{Client}, transport] = await Promise.all([import('@modelcontextprotocol/sdk/client/index.js'), this.createTransport(), loadJsonSchemaValidator()])
    const client = new Client({name: 'lillycoder', version: '1'}, {capabilities: {}})
    if (generation === this.generation) this.client = client
    client.onclose = () => {
      // A close we did not ask for: the process died or the HTTP session ended.
      if (this.client === client && generation === this.generation && this.state === 'running') this.fail('stopped unexpectedly')
    }
    await client.connect(transport, {timeout: this.options.startTimeoutMs})
    // Timed out (or closed) while it was starting: this client is no one's now.
    if (generation !== this.generation) {
      await client.close().catch(() => undefined)
      throw new Error('superseded')
    }
    const listed: unknown[] = []
    let cursor: string | undefined
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const answer = await client.request({method: 'tools/list', params: cursor ? {cursor} : {}}, toolListSchema, {timeout: this.options.startTimeoutMs})
      listed.push(...answer.tools)
      cursor = answer.nextCursor
      if (!cursor) break
    }
    return mcpToolDeclarations(this.config.name, listed, {allow: this.config.tools, call: (tool, args, signal) => this.call(tool, args, signal)})
  }

  private async createTransport(): Promise<Transport> {
    const {config} = this
    if (config.transport === 'http') {
      const {StreamableHTTPClientTransport} = await import('@modelcontextprotocol/sdk/client/streamableHttp.js')
      return new StreamableHTTPClientTransport(new URL(config.url))
    }
    const {StdioClientTransport, getDefaultEnvironment} = await import('@modelcontextprotocol/sdk/client/stdio.js')
    // stderr is kept (its end explains a failed start) instead of printed over the REPL.
    const transport = new StdioClientTransport({
      command: config.command,
      args: [...config.args],
      env: {...getDefaultEnvironment(), ...config.env},
      cwd: this.options.workspace,
      stderr: 'pipe',
    })
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = `${this.stderrTail}${chunk.toString('utf8')}`.slice(-STDERR_TAIL)
    })
    return transport
  }

  private fail(problem: string): void {
    const client = this.client
    this.client = undefined
    this.generation++
    this.state = 'failed'
    this.problem = problem
    this.tools = []
    void client?.close().catch(() => undefined)
    this.options.onChange(this, [`MCP server ${this.config.name} ${problem}; its tools are not available (/mcp restart ${this.config.name} in the REPL)`])
  }

  /** An SDK error, with the end of the server's stderr when it said something. */
  private describe(error: unknown): string {
    const tail = this.stderrTail.trim().split('\n').at(-1)
    return tail ? `${errorText(error)} (stderr: ${tail})` : errorText(error)
  }
}
