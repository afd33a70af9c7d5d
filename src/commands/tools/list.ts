import {BaseCommand} from '../../cli/base-command.js'
import {describeTool, type ToolDescription} from '../../cli/describe-tool.js'
import {loadRegistryWithWarnings} from '../../cli/session/load-registry.js'
import {currentWorkspace} from '../../cli/workspace.js'

export default class ToolsList extends BaseCommand {
  static override summary = 'List the tools the model can call: name, mutates, source plugin, description'
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> tools list', '<%= config.bin %> tools list --json']

  async run(): Promise<ToolDescription[]> {
    await this.parse(ToolsList)
    const registry = await loadRegistryWithWarnings(this.config, await currentWorkspace())
    const tools = registry.list().map(describeTool)
    if (!this.jsonEnabled()) this.log(formatTable(tools))
    return tools
  }
}

function formatTable(tools: ToolDescription[]): string {
  const rows = [
    ['NAME', 'MUTATES', 'SOURCE', 'DESCRIPTION'],
    ...tools.map((tool) => [tool.name, tool.mutates ? 'yes' : 'no', tool.source, firstSentence(tool.description)]),
  ]
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)))
  return rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  ')).join('\n')
}

function firstSentence(text: string): string {
  const line = text.split('\n')[0]
  const end = line.search(/\.(\s|$)/)
  return end === -1 ? line : line.slice(0, end + 1)
}
