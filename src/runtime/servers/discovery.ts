import {errorText} from '../text/error-text.js'
import {isRecord} from '../text/is-record.js'
import {probeHttp, type ProbeResponse} from './probe-http.js'
import {describeServerFacts, factsFromModelList, factsFromProps, type ServerFacts} from './server-facts.js'

/** Which server answered; `openai-compatible` when neither its replies nor its port name it. */
export type ServerKind =
  | 'ollama'
  | 'llama.cpp'
  | 'lmstudio'
  | 'vllm'
  | 'koboldcpp'
  | 'gpt4all'
  | 'jan'
  | 'localai'
  | 'hydra-llm'
  | 'text-generation-webui'
  | 'openai-compatible'

export interface DiscoveredServer {
  /** The OpenAI-compatible base URL, e.g. `http://127.0.0.1:11434/v1`. */
  url: string
  port: number
  server: ServerKind
  models: string[]
  /** It answered 401: a server is there, but it wants an API key (Jan, or any server started with one). */
  needsKey?: boolean
  /** Context as allocated, slots, build: what the server said of them. */
  facts?: ServerFacts
}

export interface DiscoveryOptions {
  /** Default 127.0.0.1, never `localhost`: Node tries ::1 first and GPT4All listens on IPv4 only. */
  host?: string
  /** Default: LILLYCODER_DISCOVERY_PORTS, else DEFAULT_DISCOVERY_PORTS. */
  ports?: readonly number[]
  /** Budget for one port, all its requests together. */
  timeoutMs?: number
  signal?: AbortSignal
}

interface KnownPort {
  from: number
  to?: number
  servers: string
  /** What to call a server here when its own replies don't say. */
  hint?: ServerKind
}

/** Where local model servers listen by default. */
const KNOWN_PORTS: readonly KnownPort[] = [
  {from: 11434, to: 11435, servers: 'ollama (11435: a second instance)', hint: 'ollama'},
  // llama.cpp and llamafile name themselves `llamacpp` in owned_by; LocalAI's model list has no owned_by.
  {from: 8080, servers: 'llama.cpp llama-server, LocalAI, llamafile', hint: 'localai'},
  {from: 1234, servers: 'LM Studio', hint: 'lmstudio'},
  {from: 8000, servers: 'vLLM', hint: 'vllm'},
  {from: 5001, servers: 'koboldcpp', hint: 'koboldcpp'},
  {from: 4891, servers: 'GPT4All', hint: 'gpt4all'},
  {from: 1337, servers: 'Jan (needs its API key)', hint: 'jan'},
  {from: 5000, servers: 'text-generation-webui', hint: 'text-generation-webui'},
  {from: 8201, servers: "the seed's legacy default"},
  {from: 9090, to: 9091, servers: 'other local OpenAI-compatible servers (scanned by the seed)'},
  {from: 18079, to: 18099, servers: 'hydra-llm: a llama-server per model; 18079 is a smoke test', hint: 'hydra-llm'},
]

export const DEFAULT_DISCOVERY_PORTS: readonly number[] = KNOWN_PORTS.flatMap(({from, to = from}) =>
  Array.from({length: to - from + 1}, (_, i) => from + i),
)

/** Refused connections return at once; this only bounds a port that accepts and then says nothing. */
export const DEFAULT_PROBE_TIMEOUT_MS = 250

const MAX_PORTS = 1000

/** `owned_by` values in /v1/models that name the server. A Map, so a model owned by `constructor` is just unknown. */
const OWNER_KINDS = new Map<string, ServerKind>([
  ['llamacpp', 'llama.cpp'],
  ['vllm', 'vllm'],
  ['organization_owner', 'lmstudio'],
  ['library', 'ollama'],
  ['koboldcpp', 'koboldcpp'],
  ['humanity', 'gpt4all'],
])

const SERVER_NAMES: Readonly<Record<ServerKind, string>> = {
  ollama: 'ollama',
  'llama.cpp': 'llama.cpp',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  koboldcpp: 'koboldcpp',
  gpt4all: 'GPT4All',
  jan: 'Jan',
  localai: 'LocalAI',
  'hydra-llm': 'hydra-llm',
  'text-generation-webui': 'text-generation-webui',
  'openai-compatible': 'OpenAI-compatible server',
}

/** Probes every port at once and returns the servers that answered like model servers, sorted by port. */
export async function discoverServers(options: DiscoveryOptions = {}): Promise<DiscoveredServer[]> {
  const {host = '127.0.0.1', timeoutMs = DEFAULT_PROBE_TIMEOUT_MS, signal} = options
  const ports = [...new Set(options.ports ?? discoveryPorts())]
  const found = await Promise.all(ports.map((port) => probePort(host, port, timeoutMs, signal)))
  return found.filter((server): server is DiscoveredServer => server !== null).sort((a, b) => a.port - b.port)
}

/** The ports to scan: LILLYCODER_DISCOVERY_PORTS (e.g. `11434,18079-18099`) when set, else the default table. */
export function discoveryPorts(env: Readonly<Record<string, string | undefined>> = process.env): number[] {
  const text = env.LILLYCODER_DISCOVERY_PORTS?.trim()
  if (!text) return [...DEFAULT_DISCOVERY_PORTS]
  try {
    return parsePortList(text)
  } catch (error) {
    throw new Error(`LILLYCODER_DISCOVERY_PORTS: ${errorText(error)}`, {cause: error})
  }
}

/** Parses `11434, 8080, 18079-18099` into sorted unique ports; throws on anything else. */
export function parsePortList(text: string): number[] {
  const ports = new Set<number>()
  for (const token of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(token)
    const from = match ? Number(match[1]) : NaN
    const to = match?.[2] === undefined ? from : Number(match[2])
    if (!isPort(from) || !isPort(to) || from > to) {
      throw new Error(`"${token}" is not a port or a range of ports; write them like 11434,18079-18099`)
    }
    for (let port = from; port <= to; port++) ports.add(port)
  }
  if (ports.size === 0) throw new Error(`"${text}" names no port; write them like 11434,18079-18099`)
  if (ports.size > MAX_PORTS) {
    throw new Error(`"${text}" covers ${ports.size} ports; discovery probes at most ${MAX_PORTS} at once`)
  }
  return [...ports].sort((a, b) => a - b)
}

/** `1234, 5000, 5001, 18079-18099`: runs of three or more ports collapsed into a range. */
export function formatPortList(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let start = 0; start < sorted.length; ) {
    let end = start
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++
    if (end - start >= 2) parts.push(`${sorted[start]}-${sorted[end]}`)
    else parts.push(...sorted.slice(start, end + 1).map(String))
    start = end + 1
  }
  return parts.join(', ')
}

/** Names the server from the `owned_by` values of its model list, or undefined when none is known. */
export function serverKindFromOwners(owners: readonly string[]): ServerKind | undefined {
  return owners.map((owner) => OWNER_KINDS.get(owner)).find((kind) => kind !== undefined)
}

/** The server's kind from what it said (`owned_by`), then from the port it listens on. */
export function identifyServer(port: number, owners: readonly string[]): ServerKind {
  const named = serverKindFromOwners(owners)
  const hint = portHint(port)
  // hydra-llm runs plain llama-servers; only the port range tells them apart.
  if (named === 'llama.cpp' && hint === 'hydra-llm') return 'hydra-llm'
  return named ?? hint ?? 'openai-compatible'
}

/** One line, e.g. `ollama at http://127.0.0.1:11434/v1 (3 models)`. */
export function describeServer(server: DiscoveredServer): string {
  const count = server.models.length
  const detail = server.needsKey
    ? 'needs an API key'
    : count === 0
      ? 'no models'
      : `${count} model${count === 1 ? '' : 's'}`
  const facts = server.facts ? describeServerFacts(server.facts) : ''
  return `${SERVER_NAMES[server.server]} at ${server.url} (${detail}${facts ? `; ${facts}` : ''})`
}

/** What to tell the user when no port answered: what was tried and how to point lillycoder at a server. */
export function noServerFoundMessage(ports: readonly number[], host = '127.0.0.1'): string {
  return [
    `No local model server answered on ${host} (ports tried: ${formatPortList(ports)}).`,
    'Start one (for example `ollama serve` or `llama-server -m model.gguf`), or say where it listens:',
    '  lillycoder --api http://127.0.0.1:8080/v1',
    '  LILLYCODER_API=http://127.0.0.1:8080/v1 lillycoder',
    'To scan other ports, set LILLYCODER_DISCOVERY_PORTS (e.g. 8081,9000-9010).',
  ].join('\n')
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535
}

function portHint(port: number): ServerKind | undefined {
  return KNOWN_PORTS.find(({from, to = from}) => port >= from && port <= to)?.hint
}

async function probePort(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<DiscoveredServer | null> {
  const root = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const endsAt = performance.now() + timeoutMs
  const get = (path: string) =>
    probeHttp(`${root}${path}`, {timeoutMs: Math.max(1, endsAt - performance.now()), signal})
  const found = (server: ServerKind, models: string[], needsKey?: boolean): DiscoveredServer => ({
    url: `${root}/v1`,
    port,
    server,
    models,
    ...(needsKey ? {needsKey} : {}),
  })

  const reply = await get('/v1/models')
  if (reply.outcome !== 'answered') return null // refused, reset or silent: nothing usable here
  // A 401 here is an OpenAI-style server behind a key; an HTML 401 is some web app's login page.
  if (reply.status === 401 && !looksLikeHtml(reply)) return found(portHint(port) ?? 'openai-compatible', [], true)

  const list = reply.status < 400 ? modelList(reply.json) : undefined
  const named = list && serverKindFromOwners(list.owners)
  if (list && named && named !== 'ollama') {
    const server = found(identifyServer(port, list.owners), list.ids)
    const facts = {...factsFromModelList(reply.json), ...(named === 'llama.cpp' ? await llamaCppProps(root, Math.max(timeoutMs, 1000), signal) : {})}
    return Object.keys(facts).length > 0 ? {...server, facts} : server
  }

  // Only /api/version proves ollama: LM Studio answers 200 to any path, llama.cpp answered /api/tags for a year.
  if (await answersOllamaVersion(get)) {
    const models = list?.ids ?? (await ollamaTagNames(get)) ?? (hasNullData(reply.json) ? [] : undefined)
    if (models) return found('ollama', models)
  }
  return list ? found(identifyServer(port, list.owners), list.ids) : null
}

/** `{"data":[{"id":…,"owned_by":…}]}` → ids and owners; undefined when the body is no model list. */
function modelList(body: unknown): {ids: string[]; owners: string[]} | undefined {
  const data = isRecord(body) ? body.data : undefined
  if (!Array.isArray(data)) return undefined
  const entries = data.filter(isRecord)
  if (entries.length !== data.length) return undefined
  const ids = entries.map((entry) => entry.id).filter((id): id is string => typeof id === 'string' && id !== '')
  if (ids.length !== entries.length) return undefined
  const owners = entries.map((entry) => entry.owned_by).filter((owner): owner is string => typeof owner === 'string')
  return {ids, owners}
}

/** ollama's /v1/models says `"data": null` when no model is pulled. */
function hasNullData(body: unknown): boolean {
  return isRecord(body) && 'data' in body && body.data === null
}

async function answersOllamaVersion(get: (path: string) => Promise<ProbeResponse>): Promise<boolean> {
  const reply = await get('/api/version')
  if (reply.outcome !== 'answered' || reply.status !== 200) return false
  return isRecord(reply.json) && typeof reply.json.version === 'string'
}

async function ollamaTagNames(get: (path: string) => Promise<ProbeResponse>): Promise<string[] | undefined> {
  const reply = await get('/api/tags')
  const models = reply.outcome === 'answered' && isRecord(reply.json) ? reply.json.models : undefined
  if (!Array.isArray(models)) return undefined
  return models.filter(isRecord).flatMap((model) => {
    const name = model.name ?? model.model
    return typeof name === 'string' ? [name] : []
  })
}

/** `/props` gets its own time: a busy llama-server answers it after the request in hand. */
async function llamaCppProps(root: string, timeoutMs: number, signal?: AbortSignal): Promise<ServerFacts> {
  const reply = await probeHttp(`${root}/props`, {timeoutMs, signal})
  return reply.outcome === 'answered' && reply.status === 200 ? factsFromProps(reply.json) : {}
}

function looksLikeHtml(reply: Extract<ProbeResponse, {outcome: 'answered'}>): boolean {
  return reply.contentType.includes('text/html') || reply.text.trimStart().startsWith('<')
}

