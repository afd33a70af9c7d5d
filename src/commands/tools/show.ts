import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {findTool, type ToolDescription} from '../../cli/describe-tool.js'
import {formatToolDetails} from '../../cli/format-tools.js'
import {loadToolDescriptions} from '../../cli/session/load-registry.js'
import {currentWorkspace} from '../../cli/workspace.js'

export default class ToolsShow extends BaseCommand {
  static override summary = 'Show one tool: its full description, JSON Schema, whether it mutates, and its plugin'
  static override args = {name: Args.string({required: true, description: 'Tool name, e.g. edit_file'})}
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> tools show edit_file']

  async run(): Promise<ToolDescription> {
    const {args} = await this.parse(ToolsShow)
    const tool = findTool(await loadToolDescriptions(this.config, await currentWorkspace()), args.name)
    if (!this.jsonEnabled()) this.log(formatToolDetails(tool))
    return tool
  }
}
