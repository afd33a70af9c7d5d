import {serverKindFromOwners, type ServerKind} from '../servers/discovery.js'
import {probeHttp} from '../servers/probe-http.js'
import {factsFromProps, type ServerFacts} from '../servers/server-facts.js'
import {isRecord} from '../text/is-record.js'

/** How many tokens the server really gives one request, and where that number came from. */
export interface ContextWindow {
  tokens: number
  /** e.g. `llama.cpp /props`. */
  source: string
}

export interface ModelInspectionOptions {
  /** The OpenAI-compatible base URL, e.g. `http://127.0.0.1:8080/v1`. */
  baseURL: string
  /** From discovery, when known; otherwise the server is identified from `/v1/models` or probed blind. */
  server?: ServerKind
  model: string
  signal?: AbortSignal
  /** For each request. A request that times out ends the probing: the server is not answering. */
  timeoutMs?: number
}

export interface ModelInspection {
  contextWindow: ContextWindow | null
  /** true: the model is declared to handle native tool calls; false: the server says it does not; null: unknown. */
  toolSupport: boolean | null
  /** llama.cpp's slots and build (from `/props`), for the start line; absent for other servers. */
  facts?: ServerFacts
}

const DEFAULT_CONTEXT_PROBE_TIMEOUT_MS = 1500

/**
 * What the server says about `model`, sharing the requests (one `/api/show`, one model list):
 * - the context window it allocated, best source first (WIRE.md §5), or null when no source says — the
 *   caller then uses `--context N` or its default;
 * - whether the model handles native tool calls: ollama's `/api/show` capabilities (no `tools` → ollama
 *   will refuse a tools request), LM Studio's `trained_for_tool_use` / `tool_use` (false → LM Studio still
 *   accepts tools, in a generic format the model was not trained on); null for other servers.
 * Rejects only when `signal` aborts.
 */
export async function inspectModel(options: ModelInspectionOptions): Promise<ModelInspection> {
  const session = openSession(options)
  const contextWindow = await firstAnswer(session, await contextProbes(session, options.server))
  const toolSupport = await firstAnswer(session, await toolProbes(session, options.server))
  const kind = session.stalled() ? undefined : await resolveKind(session, options.server)
  const isLlamaCpp = kind === 'llama.cpp' || kind === 'hydra-llm'
  const facts = isLlamaCpp && !session.stalled() ? factsFromProps(await session.json('/props')) : undefined
  return {contextWindow, toolSupport, ...(facts && Object.keys(facts).length > 0 ? {facts} : {})}
}

type Probe<T> = (session: Session) => Promise<T | null>

interface Session {
  model: string
  /** The JSON body of a 2xx answer; undefined for anything else. Each request is made once per session. */
  json(path: string, body?: unknown): Promise<unknown>
  stalled(): boolean
}

function openSession(options: ModelInspectionOptions): Session {
  const {baseURL, model, signal, timeoutMs = DEFAULT_CONTEXT_PROBE_TIMEOUT_MS} = options
  const root = baseURL.replace(/\/+$/, '').replace(/\/v1$/, '')
  const answers = new Map<string, Promise<unknown>>()
  let stalled = false
  const fetchJson = async (path: string, body?: unknown) => {
    if (stalled) return undefined
    const method = body === undefined ? 'GET' : 'POST'
    const reply = await probeHttp(`${root}${path}`, {timeoutMs, method, body, signal})
    if (reply.outcome === 'timeout') stalled = true
    return reply.outcome === 'answered' && reply.status >= 200 && reply.status < 300 ? reply.json : undefined
  }
  return {
    model,
    stalled: () => stalled,
    json(path, body) {
      const key = `${path} ${JSON.stringify(body ?? null)}`
      let answer = answers.get(key)
      if (!answer) answers.set(key, (answer = fetchJson(path, body)))
      return answer
    },
  }
}

async function firstAnswer<T>(session: Session, probes: readonly Probe<T>[]): Promise<T | null> {
  for (const probe of probes) {
    if (session.stalled()) return null
    const answer = await probe(session)
    if (answer !== null) return answer
  }
  return null
}

/** The kind to probe for: the caller's, else what `/v1/models` owned_by says, else undefined (probe blind). */
async function resolveKind(session: Session, server?: ServerKind): Promise<ServerKind | undefined> {
  if (server && server !== 'openai-compatible') return server
  const owners = listOf(await session.json('/v1/models'), 'data')
    .map((entry) => entry.owned_by)
    .filter((owner): owner is string => typeof owner === 'string')
  return serverKindFromOwners(owners)
}

// --- context window -------------------------------------------------------------------------------

const llamaCppModelsMeta: Probe<ContextWindow> = async (session) => {
  const entry = servedModel(listOf(await session.json('/v1/models'), 'data'), session.model)
  // meta.n_ctx is what the server allocated; n_ctx_train beside it is the model's maximum.
  const tokens = positiveInt(isRecord(entry?.meta) ? entry.meta.n_ctx : undefined)
  return tokens ? {tokens, source: 'llama.cpp /v1/models meta.n_ctx'} : null
}

const llamaCppProps: Probe<ContextWindow> = async (session) => {
  const props = await session.json('/props')
  const settings = isRecord(props) ? props.default_generation_settings : undefined
  const tokens = positiveInt(isRecord(settings) ? settings.n_ctx : undefined)
  return tokens ? {tokens, source: 'llama.cpp /props'} : null
}

const vllmModels: Probe<ContextWindow> = async (session) => {
  const entry = servedModel(listOf(await session.json('/v1/models'), 'data'), session.model)
  const tokens = positiveInt(entry?.max_model_len)
  return tokens ? {tokens, source: 'vLLM /v1/models max_model_len'} : null
}

const ollamaPs: Probe<ContextWindow> = async (session) => {
  const wanted = ollamaName(session.model)
  const loaded = listOf(await session.json('/api/ps'), 'models').find((entry) =>
    [entry.name, entry.model].some((name) => typeof name === 'string' && ollamaName(name) === wanted),
  )
  const tokens = positiveInt(loaded?.context_length)
  return tokens ? {tokens, source: 'ollama /api/ps'} : null
}

const ollamaShowNumCtx: Probe<ContextWindow> = async (session) => {
  const show = await ollamaShow(session)
  const parameters = typeof show?.parameters === 'string' ? show.parameters : ''
  // Not model_info's `<arch>.context_length`: that is the model's maximum, not what ollama allocates.
  const tokens = positiveInt(Number(/^num_ctx\s+(\d+)\s*$/m.exec(parameters)?.[1]))
  return tokens ? {tokens, source: 'ollama /api/show num_ctx'} : null
}

/**
 * LM Studio 0.4+: the loaded instance's context. Only loaded models count: `max_context_length` is the
 * model's maximum, while a just-in-time load allocates LM Studio's default (often 4096). Overstating the
 * window makes LM Studio fail the request, understating it only compacts earlier, so null + default wins.
 */
const lmStudioV1: Probe<ContextWindow> = async (session) => {
  const instance = lmStudioInstance(await lmStudioV1Entry(session), session.model)
  const tokens = positiveInt(isRecord(instance?.config) ? instance.config.context_length : undefined)
  return tokens ? {tokens, source: 'LM Studio /api/v1/models'} : null
}

/** LM Studio 0.3.6+: `loaded_context_length`, present for loaded models only (see lmStudioV1 on the maximum). */
const lmStudioV0: Probe<ContextWindow> = async (session) => {
  const entry = await lmStudioV0Entry(session)
  const tokens = entry?.state === 'loaded' ? positiveInt(entry.loaded_context_length) : undefined
  return tokens ? {tokens, source: 'LM Studio /api/v0/models'} : null
}

const koboldTrueMax: Probe<ContextWindow> = async (session) => {
  const answer = await session.json('/api/extra/true_max_context_length')
  const tokens = positiveInt(isRecord(answer) ? answer.value : undefined)
  return tokens ? {tokens, source: 'koboldcpp /api/extra/true_max_context_length'} : null
}

const CONTEXT_PROBES: Partial<Record<ServerKind, readonly Probe<ContextWindow>[]>> = {
  'llama.cpp': [llamaCppModelsMeta, llamaCppProps],
  'hydra-llm': [llamaCppModelsMeta, llamaCppProps],
  ollama: [ollamaPs, ollamaShowNumCtx],
  lmstudio: [lmStudioV1, lmStudioV0],
  vllm: [vllmModels],
  koboldcpp: [koboldTrueMax],
}

/** Unidentified server: the model list already fetched first, then one GET each, ollama's POST late. */
const BLIND_CONTEXT_PROBES = [
  llamaCppModelsMeta,
  vllmModels,
  llamaCppProps,
  ollamaPs,
  ollamaShowNumCtx,
  lmStudioV1,
  lmStudioV0,
  koboldTrueMax,
]

async function contextProbes(session: Session, server?: ServerKind) {
  const kind = await resolveKind(session, server)
  return kind ? (CONTEXT_PROBES[kind] ?? []) : BLIND_CONTEXT_PROBES
}

// --- tool support ---------------------------------------------------------------------------------

const ollamaTools: Probe<boolean> = async (session) => {
  const capabilities = (await ollamaShow(session))?.capabilities
  return Array.isArray(capabilities) ? capabilities.includes('tools') : null
}

const lmStudioTools: Probe<boolean> = async (session) => {
  const v1 = (await lmStudioV1Entry(session))?.capabilities
  if (isRecord(v1) && typeof v1.trained_for_tool_use === 'boolean') return v1.trained_for_tool_use
  const v0 = (await lmStudioV0Entry(session))?.capabilities
  return Array.isArray(v0) ? v0.includes('tool_use') : null
}

const TOOL_PROBES: Partial<Record<ServerKind, readonly Probe<boolean>[]>> = {
  ollama: [ollamaTools],
  lmstudio: [lmStudioTools],
}

async function toolProbes(session: Session, server?: ServerKind) {
  const kind = await resolveKind(session, server)
  return kind ? (TOOL_PROBES[kind] ?? []) : [ollamaTools, lmStudioTools]
}

// --- shared reads ---------------------------------------------------------------------------------

async function ollamaShow(session: Session): Promise<Record<string, unknown> | undefined> {
  const show = await session.json('/api/show', {model: session.model})
  return isRecord(show) ? show : undefined
}

async function lmStudioV1Entry(session: Session): Promise<Record<string, unknown> | undefined> {
  return listOf(await session.json('/api/v1/models'), 'models').find(
    (entry) => entry.key === session.model || lmStudioInstance(entry, session.model)?.id === session.model,
  )
}

async function lmStudioV0Entry(session: Session): Promise<Record<string, unknown> | undefined> {
  return listOf(await session.json('/api/v0/models'), 'data').find((entry) => entry.id === session.model)
}

/** The loaded instance named `model`, else the model's first loaded instance. */
function lmStudioInstance(entry: Record<string, unknown> | undefined, model: string) {
  const instances = Array.isArray(entry?.loaded_instances) ? entry.loaded_instances.filter(isRecord) : []
  return instances.find((instance) => instance.id === model) ?? instances[0]
}

/**
 * The entry for `model` in a `/v1/models` list; a list of one is the model served whatever the name
 * (llama-server answers to any model name).
 */
function servedModel(entries: Record<string, unknown>[], model: string) {
  return entries.find((entry) => entry.id === model) ?? (entries.length === 1 ? entries[0] : undefined)
}

/** ollama treats `llama3.2` as `llama3.2:latest`. */
function ollamaName(name: string): string {
  const lastPart = name.slice(name.lastIndexOf('/') + 1)
  return lastPart.includes(':') ? name : `${name}:latest`
}

function listOf(body: unknown, key: string): Record<string, unknown>[] {
  const list = isRecord(body) ? body[key] : undefined
  return Array.isArray(list) ? list.filter(isRecord) : []
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}

