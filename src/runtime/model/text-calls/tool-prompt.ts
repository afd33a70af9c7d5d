import {isRecord} from '../../text/is-record.js'
import {readWholeJson} from './loose-json.js'
import type {ToolSchema} from '../../tools/tool-schema.js'
import type {ToolCall} from '../messages.js'
import {schemaType} from './schema-hints.js'

/**
 * The system-prompt section for servers that refuse the `tools` field: the tools, one short block each,
 * and the exact call format. Kept small for 8k contexts.
 */
export function describeToolsForPrompt(tools: readonly ToolSchema[]): string {
  const lines = [
    '# Tools',
    '',
    'You can call the tools below. To call one, write exactly:',
    '<tool_call>',
    '{"name": "TOOL_NAME", "arguments": {"PARAMETER": "VALUE"}}',
    '</tool_call>',
    '- "arguments" is one JSON object: strings in double quotes, newlines written as \\n.',
    '- For several calls write several <tool_call> blocks. Write nothing after your calls; each result comes back in the next message.',
    '- Never put a call in a code block. If no tool is needed, just answer.',
  ]
  for (const tool of tools) {
    const {name, description, parameters} = tool.function
    lines.push('', `## ${name}`, description.trim())
    const required = new Set(parameters.required ?? [])
    for (const [param, schema] of Object.entries(parameters.properties)) {
      const detail = [describeType(schema), required.has(param) ? 'required' : undefined, describeDefault(schema)]
      const text = isRecord(schema) && typeof schema.description === 'string' ? `: ${schema.description}` : ''
      lines.push(`- ${param} (${detail.filter(Boolean).join(', ')})${text}`)
    }
  }
  return lines.join('\n')
}

/** The calls in the `<tool_call>` form, for an assistant turn in history when tools are described in the prompt. */
export function formatToolCallsAsText(calls: readonly ToolCall[]): string {
  return calls
    .map((call) => {
      const parsed = readWholeJson(call.arguments)
      const args = isRecord(parsed) ? parsed : call.arguments.trim() === '' ? {} : call.arguments
      return `<tool_call>\n${JSON.stringify({name: call.name, arguments: args})}\n</tool_call>`
    })
    .join('\n')
}

function describeType(schema: unknown): string {
  if (!isRecord(schema)) return 'any'
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ')
  const type = schemaType(schema)
  if (type === 'array') return `${isRecord(schema.items) ? (schemaType(schema.items) ?? 'any') : 'any'}[]`
  return type ?? 'any'
}

function describeDefault(schema: unknown): string | undefined {
  return isRecord(schema) && schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : undefined
}
