import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import type {ToolDescription} from '../../cli/describe-tool.js'
import {formatToolTable} from '../../cli/format-tools.js'
import {loadToolDescriptions} from '../../cli/session/load-registry.js'
import {currentWorkspace} from '../../cli/workspace.js'

export default class ToolsList extends BaseCommand {
  static override summary = 'List the tools the model can call: name, mutates, source plugin, description'
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> tools list', '<%= config.bin %> tools list --json', '<%= config.bin %> tools list --mcp']
  static override flags = {
    mcp: Flags.boolean({description: 'Also start the configured MCP servers once and list their tools (source mcp:<server>), with the tokens each tool costs per request', default: false}),
  }

  async run(): Promise<ToolDescription[]> {
    const {flags} = await this.parse(ToolsList)
    if (flags.mcp) {
      const {formatToolTableWithTokens, loadToolsWithMcp} = await import('../../cli/tools-with-mcp.js')
      const withMcp = await loadToolsWithMcp(this.config, await currentWorkspace())
      if (!this.jsonEnabled()) this.log(formatToolTableWithTokens(withMcp))
      return withMcp
    }
    const tools = await loadToolDescriptions(this.config, await currentWorkspace())
    if (!this.jsonEnabled()) this.log(formatToolTable(tools))
    return tools
  }
}
