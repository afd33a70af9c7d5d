import type {ToolDeclaration} from '../tools/tool-declaration.js'
import {ToolError} from '../tools/tool-error.js'
import type {JsonSchemaObject} from '../tools/tool-schema.js'
import {isRecord} from '../text/is-record.js'
import {errorText} from '../text/error-text.js'
import {compileParameters} from './json-schema-arguments.js'
import {mcpResultText} from './mcp-result.js'
import {mcpToolName} from './mcp-tool-name.js'
import {pathArgumentsOf, pathTargets} from './mcp-targets.js'

/** More than this many tools from one server would drown a small model's prompt: the rest are left out, with a warning. */
export const MAX_TOOLS_PER_SERVER = 64

// MCP descriptions are written for large cloud models and can run to pages; every request carries them.
const MAX_DESCRIPTION = 1000

/** Runs one tool on its server; rejects when the server is gone or the call times out. */
export type McpCall = (tool: string, args: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>

export interface McpTool {
  declaration: ToolDeclaration
  parametersSchema: JsonSchemaObject
  /** The tool's name on its server. */
  remoteName: string
}

/**
 * The declarations for a server's tools/list answer: the allowlist applied, each tool's JSON Schema compiled,
 * `mutates` false only when the server says readOnlyHint: true. What cannot be used is left out and said.
 */
export function mcpToolDeclarations(server: string, listed: readonly unknown[], options: {allow?: readonly string[]; call: McpCall}): {tools: McpTool[]; problems: string[]} {
  const problems: string[] = []
  const tools: McpTool[] = []
  const offered = new Set<string>()
  for (const entry of listed) {
    const name = isRecord(entry) && typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined
    if (!name || !isRecord(entry)) {
      problems.push(`MCP server ${server}: a tool without a name was left out`)
      continue
    }
    offered.add(name)
    if (options.allow && !options.allow.includes(name)) continue
    if (tools.length === MAX_TOOLS_PER_SERVER) continue
    try {
      tools.push(toMcpTool(server, name, entry, options.call))
    } catch (error) {
      problems.push(`MCP server ${server}: tool ${name} was left out: ${errorText(error)}`)
    }
  }
  const wanted = options.allow ? options.allow.filter((name) => offered.has(name)).length : offered.size
  if (wanted > MAX_TOOLS_PER_SERVER)
    problems.push(`MCP server ${server} offers ${wanted} tools; only the first ${MAX_TOOLS_PER_SERVER} are used (name the ones you need in mcp.servers.${server}.tools)`)
  for (const name of options.allow ?? []) if (!offered.has(name)) problems.push(`MCP server ${server} has no tool "${name}" (from mcp.servers.${server}.tools)`)
  return {tools, problems}
}

function toMcpTool(server: string, remoteName: string, entry: Record<string, unknown>, call: McpCall): McpTool {
  const {jsonSchema, parameters} = compileParameters(entry.inputSchema)
  const pathArguments = pathArgumentsOf(jsonSchema.properties)
  const annotations = isRecord(entry.annotations) ? entry.annotations : {}
  const name = mcpToolName(server, remoteName)
  const declaration: ToolDeclaration = {
    name,
    description: describe(entry, server, remoteName),
    parameters,
    mutates: annotations.readOnlyHint !== true,
    targets: (args) => pathTargets(args, pathArguments),
    async run(args, ctx) {
      let result: unknown
      try {
        result = await call(remoteName, args, ctx.signal)
      } catch (error) {
        throw new ToolError({what: `${name} failed`, why: `MCP server ${server}: ${errorText(error)}`, hint: 'its tools may be unavailable now; use another tool or tell the user'})
      }
      const {text, isError} = mcpResultText(result)
      if (isError) throw new ToolError({what: `${name} reported an error`, why: text})
      return {text}
    },
  }
  return {declaration, parametersSchema: jsonSchema, remoteName}
}

function describe(entry: Record<string, unknown>, server: string, tool: string): string {
  const given = typeof entry.description === 'string' && entry.description.trim() !== '' ? entry.description.trim() : typeof entry.title === 'string' ? entry.title : ''
  const text = given || `Tool ${tool} of the MCP server ${server}.`
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text
}
