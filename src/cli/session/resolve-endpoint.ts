import {describeServer, type DiscoveredServer, discoverServers, discoveryPorts, noServerFoundMessage} from '../../runtime/servers/discovery.js'
import {errorText} from '../../runtime/text/error-text.js'
import {type Asker, askNumberedChoice} from './choose-model.js'
import {ExitCode, UserError} from '../user-error.js'
import {type ApiOrigin, parseApiUrl} from './parse-api-url.js'

export interface ResolveEndpointOptions {
  /** Absent when headless: the first server found is used and that is warned about. */
  asker?: Asker
  /** `api` from the user config. */
  saved?: string
  /** Names the flag or the variable when `api` is wrong; default: LILLYCODER_API when `api` is that variable's value. */
  apiOrigin?: ApiOrigin
  warn(message: string): void
}

/**
 * Where the model server is: `--api` / LILLYCODER_API, else the saved choice, else what discovery finds on
 * 127.0.0.1 — offered for confirmation when someone can answer, used with a warning when headless. A given
 * endpoint that is not an http(s) URL is a usage error before anything is sent.
 */
export async function resolveEndpoint(api: string | undefined, options: ResolveEndpointOptions): Promise<string> {
  if (api) return parseApiUrl(api, options.apiOrigin ?? (api === process.env.LILLYCODER_API ? 'LILLYCODER_API' : '--api'))
  if (options.saved) return parseApiUrl(options.saved, 'api in the user config')
  const ports = portsToProbe()
  const servers = await discoverServers({ports})
  if (servers.length === 0) throw new UserError(noServerFoundMessage(ports), ExitCode.endpoint)
  if (options.asker) return (await chooseServer(servers, options.asker)).url
  const others = servers.length > 1 ? ` (found ${servers.length}; choose with --api)` : ''
  options.warn(`using ${describeServer(servers[0])}${others}`)
  return servers[0].url
}

/** The ports discovery probes; a malformed LILLYCODER_DISCOVERY_PORTS is a usage error. */
export function portsToProbe(): number[] {
  try {
    return discoveryPorts()
  } catch (error) {
    throw new UserError(errorText(error))
  }
}

/** One server: confirm it; several: a numbered choice. */
export async function chooseServer(servers: DiscoveredServer[], asker: Asker): Promise<DiscoveredServer> {
  const declined = () => new UserError('no server chosen; pass --api http://127.0.0.1:PORT/v1', ExitCode.usage)
  if (servers.length === 1) {
    const answer = await asker.ask(`found ${describeServer(servers[0])} — use it? [Y/n] `)
    if (answer === null || /^\s*n/i.test(answer)) throw declined()
    return servers[0]
  }
  return askNumberedChoice(asker, {
    heading: `found ${servers.length} model servers:`,
    items: servers,
    label: describeServer,
    noun: 'server',
    cancelled: declined,
  })
}
