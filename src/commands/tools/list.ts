import {BaseCommand} from '../../cli/base-command.js'
import type {ToolDescription} from '../../cli/describe-tool.js'
import {formatToolTable} from '../../cli/format-tools.js'
import {loadToolDescriptions} from '../../cli/session/load-registry.js'
import {currentWorkspace} from '../../cli/workspace.js'

export default class ToolsList extends BaseCommand {
  static override summary = 'List the tools the model can call: name, mutates, source plugin, description'
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> tools list', '<%= config.bin %> tools list --json']

  async run(): Promise<ToolDescription[]> {
    await this.parse(ToolsList)
    const tools = await loadToolDescriptions(this.config, await currentWorkspace())
    if (!this.jsonEnabled()) this.log(formatToolTable(tools))
    return tools
  }
}
