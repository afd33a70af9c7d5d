import {BaseCommand} from '../cli/base-command.js'
import {UserError} from '../cli/user-error.js'
import {describeServer, type DiscoveredServer, discoverServers, discoveryPorts, formatPortList} from '../runtime/discovery.js'

export default class Discover extends BaseCommand {
  static override summary = 'Find local model servers on 127.0.0.1 (ollama, llama.cpp, LM Studio, vLLM, …)'
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> discover', '<%= config.bin %> discover --json']

  async run(): Promise<Array<Pick<DiscoveredServer, 'url' | 'server' | 'models'> & {needsKey?: boolean}>> {
    await this.parse(Discover)
    let ports: number[]
    try {
      ports = discoveryPorts()
    } catch (error) {
      throw new UserError((error as Error).message)
    }
    const servers = await discoverServers({ports})
    if (!this.jsonEnabled()) {
      if (servers.length === 0) this.log(`no model server answered on 127.0.0.1 (ports tried: ${formatPortList(ports)})`)
      for (const server of servers) {
        this.log(describeServer(server))
        for (const model of server.models) this.log(`  ${model}`)
      }
    }
    return servers.map(({url, server, models, needsKey}) => ({url, server, models, ...(needsKey ? {needsKey} : {})}))
  }
}
