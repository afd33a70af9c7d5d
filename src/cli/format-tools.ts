import type {ToolDescription} from './describe-tool.js'

/** `tools list` as text: one row per tool, the description cut to its first sentence. */
export function formatToolTable(tools: readonly ToolDescription[]): string {
  const rows = [
    ['NAME', 'MUTATES', 'SOURCE', 'DESCRIPTION'],
    ...tools.map((tool) => [tool.name, tool.mutates ? 'yes' : 'no', tool.source, firstSentence(tool.description)]),
  ]
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)))
  return rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  ')).join('\n')
}

/** `tools show` as text: the whole description and the JSON Schema. */
export function formatToolDetails(tool: ToolDescription): string {
  return [
    `${tool.name}  (${tool.mutates ? 'mutates: asks before it runs' : 'read-only'}; from ${tool.source})`,
    '',
    tool.description,
    '',
    'Parameters (JSON Schema):',
    JSON.stringify(tool.parameters, null, 2),
  ].join('\n')
}

/** How oclif's `--json` prints a command's result (no theme): two-space JSON. */
export function formatJsonResult(value: unknown): string {
  return JSON.stringify(value, null, 2)
}

function firstSentence(text: string): string {
  const line = text.split('\n')[0]
  const end = line.search(/\.(\s|$)/)
  return end === -1 ? line : line.slice(0, end + 1)
}
