import type {Config} from '@oclif/core'

import {describeTool, type ToolDescription} from './describe-tool.js'
import {loadRegistryWithWarnings} from './session/load-registry.js'
import {schemaTokens, withMcpServers} from './session/mcp-listing.js'

/** A tool as `tools list --mcp` prints it: with the tokens its schema adds to every request. */
export type ToolDescriptionWithTokens = ToolDescription & {tokens: number}

/** `tools list --mcp`: the plugins' tools and, with the configured MCP servers started once, theirs (source `mcp:<server>`). */
export async function loadToolsWithMcp(config: Config, workspace: string): Promise<ToolDescriptionWithTokens[]> {
  const registry = await loadRegistryWithWarnings(config, workspace, {cacheNow: true})
  return withMcpServers(workspace, registry, () => {
    const schemas = registry.schemas()
    return registry.list().map((tool, index) => ({...describeTool(tool, schemas[index].function.parameters), tokens: schemaTokens(schemas[index])}))
  })
}

/** The `tools list` table with a TOKENS column. */
export function formatToolTableWithTokens(tools: readonly ToolDescriptionWithTokens[]): string {
  const rows = [['NAME', 'MUTATES', 'SOURCE', 'TOKENS', 'DESCRIPTION'], ...tools.map((tool) => [tool.name, tool.mutates ? 'yes' : 'no', tool.source, String(tool.tokens), tool.description.split('\n')[0]])]
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column].length)))
  const total = tools.reduce((sum, tool) => sum + tool.tokens, 0)
  return [...rows.map((row) => row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]) : cell)).join('  ')), `${tools.length} tools, ~${total} tokens per request (chars/4)`].join('\n')
}
