import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {chooseServer, portsToProbe} from '../cli/session/resolve-endpoint.js'
import {ExitCode, UserError} from '../cli/user-error.js'
import {describeServer, type DiscoveredServer, discoverServers, formatPortList, noServerFoundMessage} from '../runtime/servers/discovery.js'
import {saveUserSetting} from '../runtime/config/save-user-setting.js'
import {xdgPaths} from '../runtime/config/xdg-paths.js'

type ListedServer = Pick<DiscoveredServer, 'url' | 'server' | 'models'> & {
  needsKey?: boolean
  /** Context window as allocated per request (llama.cpp n_ctx per slot, vLLM max_model_len). */
  context?: number
  /** llama.cpp total_slots: requests that share the allocated cache. */
  slots?: number
  /** llama.cpp build_info (its replies' system_fingerprint). */
  build?: string
}

export default class Discover extends BaseCommand {
  static override summary = 'Find local model servers on 127.0.0.1 (ollama, llama.cpp, LM Studio, vLLM, …)'
  static override flags = {
    save: Flags.boolean({description: 'Remember the server (asks which when several answer) as `api` in the user config', default: false}),
  }
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> discover', '<%= config.bin %> discover --json', '<%= config.bin %> discover --save']

  async run(): Promise<ListedServer[]> {
    const {flags} = await this.parse(Discover)
    const ports = portsToProbe()
    const servers = await discoverServers({ports})
    if (!this.jsonEnabled()) {
      if (servers.length === 0 && !flags.save) this.log(`no model server answered on 127.0.0.1 (ports tried: ${formatPortList(ports)})`)
      for (const server of servers) {
        this.log(describeServer(server))
        for (const model of server.models) this.log(`  ${model}`)
      }
    }
    if (flags.save) await this.save(servers, ports)
    return servers.map(({url, server, models, needsKey, facts}) => ({
      url,
      server,
      models,
      ...(needsKey ? {needsKey} : {}),
      ...(facts?.contextTokens ? {context: facts.contextTokens} : {}),
      ...(facts?.totalSlots ? {slots: facts.totalSlots} : {}),
      ...(facts?.build ? {build: facts.build} : {}),
    }))
  }

  private async save(servers: DiscoveredServer[], ports: number[]): Promise<void> {
    if (servers.length === 0) throw new UserError(noServerFoundMessage(ports), ExitCode.endpoint)
    let chosen = servers[0]
    if (servers.length > 1) {
      if (!process.stdin.isTTY) throw new UserError('several servers answered; run discover --save in a terminal to choose, or set api in the user config')
      const {createInterface} = await import('node:readline/promises')
      const rl = createInterface({input: process.stdin, output: process.stdout})
      try {
        chosen = await chooseServer(servers, {ask: (question) => rl.question(question), print: (text) => process.stdout.write(text)})
      } finally {
        rl.close()
      }
    }
    const file = await saveUserSetting(xdgPaths().config, 'api', chosen.url)
    process.stderr.write(`lillycoder: saved ${chosen.url} as api in ${file}\n`)
  }
}
