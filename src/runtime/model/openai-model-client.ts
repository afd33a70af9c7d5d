/**
 * The ModelClient for any OpenAI-compatible `/v1` server (llama.cpp, ollama, vLLM, LM Studio, koboldcpp, …).
 * Node's own HTTP client over the session's keep-alive pool sends the requests; the guard around it keeps raw
 * error bodies and enforces timeouts; openai's SSE decoder reads the stream (not its client: that takes ≈ 100 ms
 * to load); the stream accumulator folds the chunks (WIRE.md §1, §4).
 */
import {type AttemptTrace, guardedRequest, type GuardedResponse, readText} from './guarded-request.js'
import {createDispatcher, type Dispatcher} from './http-dispatcher.js'
import type {ModelClient, ModelInfo, ModelReply, ModelRequest, ModelStreamEvent} from './model-client.js'
import {ModelError} from './model-error.js'
import {chatRequestBody} from './request-body.js'
import {MAX_RETRY_AFTER_MS, withRetryAfterHint} from './retry-after.js'
import {readServerError} from './server-error.js'
import {sseChunks, type SseModule} from './sse-chunks.js'
import {accumulateChunk, finishStream, initialStreamState} from './stream-accumulator.js'
import {abortedError, httpError, serverDetails, toModelError} from './to-model-error.js'
import {isRecord} from '../text/is-record.js'

export interface OpenAIModelClientOptions {
  /** Base URL, with or without the trailing `/v1`. */
  api: string
  /** Local servers need none; a placeholder is sent. */
  apiKey?: string
  /**
   * How long `GET /models` may take to answer (default 10 s). Completions are not held to it: llama.cpp
   * sends no headers until the prompt is processed and ollama none until the model is loaded, so their
   * wait for the first byte counts as idle time.
   */
  connectTimeoutMs?: number
  /** Longest silence before the first byte and between chunks of a reply (default 120 s). */
  idleTimeoutMs?: number
  /** Re-sends after 429/502/503/504 or a refused/reset connection, only before anything streamed (default 2). */
  retries?: number
  /** Waits before each retry (default 0.5 s, 1 s, 2 s). */
  retryDelaysMs?: readonly number[]
}

const RETRY_STATUSES = new Set([429, 502, 503, 504])
const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000]

/** Accepts `http://host:8080`, `…/v1`, `…/v1/`, `…/v1/chat/completions` or `host:8080`; returns `http://host:8080/v1`. */
export function normaliseApiUrl(api: string): string {
  const trimmed = api.trim()
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`
  const base = withScheme.replace(/\/+$/, '').replace(/\/chat\/completions$/, '')
  return base.endsWith('/v1') ? base : `${base}/v1`
}

export function createOpenAIModelClient(options: OpenAIModelClientOptions): ModelClient {
  const baseURL = normaliseApiUrl(options.api)
  const settings: Settings = {
    baseURL,
    apiKey: options.apiKey ?? 'sk-no-key',
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
    retries: options.retries ?? 2,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
  }
  // One connection pool for the whole session, made on first use.
  let connection: Promise<Connection> | undefined
  const connect = (): Promise<Connection> => (connection ??= openConnection())
  return {
    baseURL,
    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const url = `${baseURL}/models`
      const {dispatcher} = await connect()
      return withRetries(settings, url, signal, async (trace, attemptController) => {
        const response = await guardedRequest({url, method: 'GET', headers: requestHeaders(settings.apiKey, false), controller: attemptController, trace, headersTimeoutMs: settings.connectTimeoutMs, idleTimeoutMs: settings.idleTimeoutMs, dispatcher, stream: false})
        if (!response.ok) throw httpError(url, response.status, trace.errorBody ?? '')
        return modelList(await readListBody(response, url))
      })
    },
    async complete(request: ModelRequest, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply> {
      const url = `${baseURL}/chat/completions`
      const body = chatRequestBody(request) // once for all attempts
      const opened = await connect()
      return withRetries(settings, url, request.signal, (trace, attemptController) => streamReply(opened, {url, body, settings, request, trace, attemptController}, onEvent))
    },
    async close(): Promise<void> {
      const opened = connection
      connection = undefined
      if (opened) await (await opened).dispatcher.close()
    },
  }
}

/**
 * Starts loading what the first request needs (openai's SSE decoder), so a caller can overlap it with other
 * waiting. A failure resurfaces, with its context, at that request.
 */
export function preloadModelTransport(): void {
  loadSse().catch(() => undefined)
}

type Settings = Required<Omit<OpenAIModelClientOptions, 'api'>> & {baseURL: string}

interface Connection {
  sse: SseModule
  dispatcher: Dispatcher
}

let sseModule: Promise<SseModule> | undefined
const loadSse = (): Promise<SseModule> => (sseModule ??= import('openai/streaming'))

async function openConnection(): Promise<Connection> {
  return {sse: await loadSse(), dispatcher: createDispatcher()}
}

/** What the openai client sent, less its telemetry headers. */
function requestHeaders(apiKey: string, withBody: boolean): Record<string, string> {
  return {Authorization: `Bearer ${apiKey}`, Accept: 'application/json', ...(withBody ? {'Content-Type': 'application/json'} : {})}
}

async function withRetries<T>(
  settings: Settings,
  url: string,
  signal: AbortSignal | undefined,
  attempt: (trace: AttemptTrace, attemptController: AbortController) => Promise<T>,
): Promise<T> {
  for (let tries = 0; ; tries++) {
    if (signal?.aborted) throw abortedError(url)
    const trace: AttemptTrace = {transportRetryable: false, sawDone: false, streamed: false}
    // A turn shares one signal over many requests: each attempt gets its own, linked here and unlinked when the
    // attempt ends, so no listener piles up on the turn's signal.
    const attemptController = new AbortController()
    const forwardAbort = (): void => attemptController.abort(signal?.reason)
    signal?.addEventListener('abort', forwardAbort, {once: true})
    try {
      return await attempt(trace, attemptController)
    } catch (error) {
      attemptController.abort() // a reply left half read: its connection is dropped, not left waiting
      if (error instanceof EventHandlerFailure) throw error.cause
      const failure = toModelError(error, trace, url, signal)
      const retryable = (failure.kind === 'http' && RETRY_STATUSES.has(failure.status ?? 0)) || trace.transportRetryable
      if (!retryable || trace.streamed || tries >= settings.retries) throw failure
      // The server's Retry-After, when it gave one, is the least wait; one longer than we would wait is reported.
      if (trace.retryAfterMs !== undefined && trace.retryAfterMs > MAX_RETRY_AFTER_MS) throw withRetryAfterHint(failure, trace.retryAfterMs)
      const delay = settings.retryDelaysMs[Math.min(tries, settings.retryDelaysMs.length - 1)] ?? 1000
      await pause(Math.max(delay, trace.retryAfterMs ?? 0), signal)
    } finally {
      signal?.removeEventListener('abort', forwardAbort)
    }
  }
}

/** `GET /models` as the openai client read it: a body that is not JSON counts as no list. */
async function readListBody(response: GuardedResponse, url: string): Promise<unknown> {
  const text = await readText(response.body)
  if (!response.contentType.includes('json')) return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ModelError({kind: 'stream', url, message: 'the server sent a reply that is not JSON', hint: 'is this an OpenAI-compatible /v1 endpoint?'}, {cause: error})
  }
}

/** `{"data": [{id, owned_by}, …]}`; ollama with no model pulled sends `"data": null`. */
function modelList(body: unknown): ModelInfo[] {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data : []
  return data.filter(isRecord).filter((model) => typeof model.id === 'string').map((model) =>
    typeof model.owned_by === 'string' && model.owned_by !== '' ? {id: String(model.id), ownedBy: model.owned_by} : {id: String(model.id)},
  )
}
interface Exchange {
  url: string
  body: Uint8Array
  settings: Settings
  request: ModelRequest
  trace: AttemptTrace
  attemptController: AbortController
}

async function streamReply({sse, dispatcher}: Connection, exchange: Exchange, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply> {
  const {url, body, settings, request, trace, attemptController} = exchange
  // Completions wait for headers as long as for any silence: llama.cpp sends none until the prompt is processed.
  const response = await guardedRequest({url, method: 'POST', headers: requestHeaders(settings.apiKey, true), body, controller: attemptController, trace, headersTimeoutMs: settings.idleTimeoutMs, idleTimeoutMs: settings.idleTimeoutMs, dispatcher, stream: true})
  if (!response.ok) throw httpError(url, response.status, trace.errorBody ?? '')
  const deliver = (events: ModelStreamEvent[]): void => {
    for (const event of events) {
      trace.streamed = true
      try {
        onEvent(event)
      } catch (error) {
        throw new EventHandlerFailure(error)
      }
    }
  }
  let state = initialStreamState
  for await (const chunk of sseChunks(sse, response, attemptController, trace, url)) {
    const step = accumulateChunk(state, chunk)
    state = step.state
    deliver(step.events)
  }
  // An abort or our own timeout can end the body as if the reply were over.
  if (request.signal.aborted) throw abortedError(url)
  if (trace.failure) throw trace.failure
  const outcome = finishStream(state, {sawDone: trace.sawDone})
  deliver(outcome.events)
  const stray = trace.strayErrorLine === undefined ? undefined : readServerError(trace.strayErrorLine)
  if (!outcome.complete) {
    throw new ModelError({kind: 'stream', url, message: outcome.reason, ...serverDetails(stray, trace.strayErrorLine)})
  }
  // llama.cpp 2025 said why in an `error:` field and then sent [DONE]: not an empty answer.
  if (stray && isEmptyReply(outcome.reply)) {
    throw new ModelError({kind: 'stream', url, message: 'the server reported an error instead of a reply', ...serverDetails(stray, trace.strayErrorLine)})
  }
  return outcome.reply
}

const isEmptyReply = (reply: ModelReply): boolean => reply.content === '' && reply.reasoning === '' && reply.toolCalls.length === 0

/** Carries an exception out of the caller's `onEvent` untouched: it is not a model failure. */
class EventHandlerFailure extends Error {
  constructor(cause: unknown) {
    super('onEvent threw', {cause})
  }
}

/** Waits before a retry; an abort ends the wait at once (the retry loop then reports it). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, {once: true})
  })
}
