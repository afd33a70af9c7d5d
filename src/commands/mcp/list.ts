import {BaseCommand} from '../../cli/base-command.js'
import {formatMcpListing, listMcpServers, type McpServerListing} from '../../cli/session/mcp-listing.js'
import {currentWorkspace} from '../../cli/workspace.js'

export default class McpList extends BaseCommand {
  static override summary = 'Start the configured MCP servers once and list their state and tools'
  static override description =
    "Servers from your user config, and from the project's once that file is trusted (lillycoder policy trust). Each tool shows its name as the model sees it (<server>__<tool>), whether it mutates, and the tokens it adds to every request."
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> mcp list', '<%= config.bin %> mcp list --json']

  async run(): Promise<McpServerListing[]> {
    await this.parse(McpList)
    const servers = await listMcpServers(await currentWorkspace())
    if (!this.jsonEnabled()) this.log(formatMcpListing(servers))
    return servers
  }
}
