import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {describeTool, findTool, type ToolDescription} from '../../cli/describe-tool.js'
import {loadRegistryWithWarnings} from '../../cli/session/load-registry.js'
import {currentWorkspace} from '../../cli/workspace.js'

export default class ToolsShow extends BaseCommand {
  static override summary = 'Show one tool: its full description, JSON Schema, whether it mutates, and its plugin'
  static override args = {name: Args.string({required: true, description: 'Tool name, e.g. edit_file'})}
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> tools show edit_file']

  async run(): Promise<ToolDescription> {
    const {args} = await this.parse(ToolsShow)
    const registry = await loadRegistryWithWarnings(this.config, await currentWorkspace())
    const tool = describeTool(findTool(registry, args.name))
    if (!this.jsonEnabled())
      this.log(
        [
          `${tool.name}  (${tool.mutates ? 'mutates: asks before it runs' : 'read-only'}; from ${tool.source})`,
          '',
          tool.description,
          '',
          'Parameters (JSON Schema):',
          JSON.stringify(tool.parameters, null, 2),
        ].join('\n'),
      )
    return tool
  }
}
