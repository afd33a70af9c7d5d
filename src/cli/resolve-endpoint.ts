import {describeServer, type DiscoveredServer, discoverServers, discoveryPorts, noServerFoundMessage} from '../runtime/discovery.js'
import type {Ask} from './choose-model.js'
import {ExitCode, UserError} from './user-error.js'

/**
 * Where the model server is: `--api` / LILLYCODER_API, else the saved choice, else what discovery finds on
 * 127.0.0.1 — offered for confirmation when someone can answer, used with a note on stderr when headless.
 */
export async function resolveEndpoint(api: string | undefined, options: {ask?: Ask; saved?: string} = {}): Promise<string> {
  if (api) return api
  if (options.saved) return options.saved
  const ports = portsToProbe()
  const servers = await discoverServers({ports})
  if (servers.length === 0) throw new UserError(noServerFoundMessage(ports), ExitCode.endpoint)
  const chosen = options.ask ? await chooseServer(servers, options.ask) : servers[0]
  if (!options.ask)
    process.stderr.write(
      `lillycoder: using ${describeServer(chosen)}${servers.length > 1 ? ` (found ${servers.length}; choose with --api)` : ''}\n`,
    )
  return chosen.url
}

/** The ports discovery probes; a malformed LILLYCODER_DISCOVERY_PORTS is a usage error. */
export function portsToProbe(): number[] {
  try {
    return discoveryPorts()
  } catch (error) {
    throw new UserError((error as Error).message)
  }
}

/** One server: confirm it; several: a numbered choice. */
export async function chooseServer(servers: DiscoveredServer[], ask: Ask): Promise<DiscoveredServer> {
  const declined = () => new UserError('no server chosen; pass --api http://127.0.0.1:PORT/v1', ExitCode.usage)
  if (servers.length === 1) {
    const answer = await ask(`found ${describeServer(servers[0])} — use it? [Y/n] `)
    if (answer === null || /^\s*n/i.test(answer)) throw declined()
    return servers[0]
  }
  process.stdout.write(`found ${servers.length} model servers:\n`)
  servers.forEach((server, index) => process.stdout.write(`  ${index + 1}. ${describeServer(server)}\n`))
  for (;;) {
    const answer = await ask(`server [1-${servers.length}, Enter = 1]: `)
    if (answer === null) throw declined()
    const text = answer.trim()
    if (text === '') return servers[0]
    const chosen = /^\d+$/.test(text) ? servers[Number(text) - 1] : undefined
    if (chosen) return chosen
    process.stdout.write(`  type a number from 1 to ${servers.length}\n`)
  }
}
