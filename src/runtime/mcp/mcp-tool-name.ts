import {createHash} from 'node:crypto'

import {TOOL_NAME_PATTERN} from '../tools/tool-name.js'

const MAX_NAME = 64

/**
 * `<server>__<tool>` in the model's name rules (snake_case, a letter first, at most 64 characters): other
 * characters become `_`, and a name too long keeps its start and a short hash of the whole, so two long names
 * that differ only at the end stay apart.
 */
export function mcpToolName(server: string, tool: string): string {
  const part = (text: string) => text.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'x'
  let name = `${part(server)}__${part(tool)}`
  if (!/^[a-z]/.test(name)) name = `m${name}`
  if (name.length > MAX_NAME) {
    const hash = createHash('sha256').update(`${server}\0${tool}`).digest('hex').slice(0, 8)
    name = `${name.slice(0, MAX_NAME - hash.length - 1)}_${hash}`
  }
  if (!TOOL_NAME_PATTERN.test(name)) throw new Error(`internal: "${name}" from MCP tool ${server}/${tool} is not a valid tool name`)
  return name
}
