/**
 * The ModelClient for any OpenAI-compatible `/v1` server (llama.cpp, ollama, vLLM, LM Studio, koboldcpp, …).
 * The `openai` package does the HTTP and SSE decoding; our own `fetch` underneath keeps raw error bodies,
 * sees `[DONE]`, and enforces timeouts; the stream accumulator folds the chunks (WIRE.md §1, §4).
 */
import type OpenAI from 'openai'

import {ATTEMPT, type Attempt, type AttemptTrace, guardedFetch} from './guarded-fetch.js'
import {createDispatcher, type Dispatcher} from './http-dispatcher.js'
import type {ModelClient, ModelInfo, ModelReply, ModelRequest, ModelStreamEvent} from './model-client.js'
import {ModelError} from './model-error.js'
import {readServerError} from './server-error.js'
import {accumulateChunk, finishStream, initialStreamState} from './stream-accumulator.js'
import {abortedError, serverDetails, toModelError} from './to-model-error.js'
import {toWireMessages} from './wire-messages.js'

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

type OpenAIModule = typeof import('openai')
type FetchOptions = NonNullable<NonNullable<ConstructorParameters<typeof OpenAI>[0]>['fetchOptions']>

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
  const settings = {
    baseURL,
    apiKey: options.apiKey ?? 'sk-no-key',
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
    retries: options.retries ?? 2,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
  }
  // One openai client and one connection pool for the whole session, made on first use (both are slow to load).
  let connection: Promise<Connection> | undefined
  const connect = (): Promise<Connection> => (connection ??= openConnection(settings))
  return {
    baseURL,
    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const url = `${baseURL}/models`
      const {openai, client} = await connect()
      return withRetries(openai, settings, url, signal, async (attempt, attemptSignal) => {
        const page = await client.models.list({signal: attemptSignal, timeout: settings.connectTimeoutMs + 60_000, fetchOptions: attemptOptions(attempt, settings.connectTimeoutMs)})
        return page.data.map((model) => (model.owned_by ? {id: model.id, ownedBy: model.owned_by} : {id: model.id}))
      })
    },
    async complete(request: ModelRequest, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply> {
      const url = `${baseURL}/chat/completions`
      const {openai, client} = await connect()
      return withRetries(openai, settings, url, request.signal, (attempt, attemptSignal) => streamReply(client, request, attemptSignal, url, attempt, settings, onEvent))
    },
    async close(): Promise<void> {
      const opened = connection
      connection = undefined
      if (opened) await (await opened).dispatcher.close()
    },
  }
}

type Settings = Required<Omit<OpenAIModelClientOptions, 'api'>> & {baseURL: string}

interface Connection {
  openai: OpenAIModule
  client: OpenAI
  dispatcher: Dispatcher
}

async function openConnection(settings: Settings): Promise<Connection> {
  const [openai, dispatcher] = await Promise.all([import('openai'), createDispatcher()])
  const client = new openai.OpenAI({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    organization: null,
    project: null,
    maxRetries: 0, // its retries could re-send after tools ran; ours know what streamed
    logLevel: 'off', // it logs bad SSE lines to the console, which is the user's terminal
    fetch: guardedFetch({idleTimeoutMs: settings.idleTimeoutMs, headersTimeoutMs: settings.idleTimeoutMs, dispatcher}),
  })
  return {openai, client, dispatcher}
}

/** The attempt's own state, passed down to our fetch through the request's options. */
function attemptOptions(trace: AttemptTrace, headersTimeoutMs: number): FetchOptions {
  const options: {[ATTEMPT]: Attempt} = {[ATTEMPT]: {trace, headersTimeoutMs}}
  return options as FetchOptions // a key of ours, outside openai's type on purpose
}

async function withRetries<T>(
  openai: OpenAIModule,
  settings: Settings,
  url: string,
  signal: AbortSignal | undefined,
  attempt: (trace: AttemptTrace, attemptSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  for (let tries = 0; ; tries++) {
    if (signal?.aborted) throw abortedError(url)
    const trace: AttemptTrace = {transportRetryable: false, sawDone: false, streamed: false}
    // The openai client adds an abort listener to the signal it is given and never removes it; a turn shares one
    // signal over many requests, so each attempt gets its own, linked here and unlinked when the attempt ends.
    const attemptController = new AbortController()
    const forwardAbort = (): void => attemptController.abort(signal?.reason)
    signal?.addEventListener('abort', forwardAbort, {once: true})
    try {
      return await attempt(trace, attemptController.signal)
    } catch (error) {
      if (error instanceof EventHandlerFailure) throw error.cause
      const failure = toModelError(error, trace, url, signal, openai)
      const retryable = (failure.kind === 'http' && RETRY_STATUSES.has(failure.status ?? 0)) || trace.transportRetryable
      if (!retryable || trace.streamed || tries >= settings.retries) throw failure
      await pause(settings.retryDelaysMs[Math.min(tries, settings.retryDelaysMs.length - 1)] ?? 1000, signal)
    } finally {
      signal?.removeEventListener('abort', forwardAbort)
    }
  }
}

async function streamReply(
  client: OpenAI,
  request: ModelRequest,
  signal: AbortSignal,
  url: string,
  trace: AttemptTrace,
  settings: Settings,
  onEvent: (event: ModelStreamEvent) => void,
): Promise<ModelReply> {
  const stream = await client.chat.completions.create(
    {
      model: request.model,
      messages: toWireMessages(request.messages),
      stream: true,
      stream_options: {include_usage: true},
      ...(request.tools.length > 0 ? {tools: request.tools, parallel_tool_calls: true} : {}),
      ...(request.maxTokens !== undefined ? {max_tokens: request.maxTokens} : {}),
    },
    // Its timeout is a backstop: ours fire first and say more.
    {signal, timeout: settings.idleTimeoutMs + 60_000, fetchOptions: attemptOptions(trace, settings.idleTimeoutMs)},
  )
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
  // The plain loop, not `.stream()`: that helper throws on quirks every local server has.
  for await (const chunk of stream) {
    const step = accumulateChunk(state, chunk)
    state = step.state
    deliver(step.events)
  }
  // Aborts and our own timeouts end the loop quietly.
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
