/**
 * The ModelClient for any OpenAI-compatible `/v1` server (llama.cpp, ollama, vLLM, LM Studio, koboldcpp, …).
 * The `openai` package does the HTTP and SSE decoding; our own `fetch` underneath keeps raw error bodies,
 * sees `[DONE]`, and enforces timeouts; the stream accumulator folds the chunks (WIRE.md §1, §4).
 */
import type OpenAI from 'openai'

import type {ChatMessage} from './messages.js'
import type {ModelClient, ModelInfo, ModelReply, ModelRequest, ModelStreamEvent} from './model-client.js'
import {ModelError} from './model-error.js'
import {classifyServerError, readErrorValue, readServerError, type ServerErrorBody} from './server-error.js'
import {accumulateChunk, finishStream, initialStreamState} from './stream-accumulator.js'

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
type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>
type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam

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
  return {
    baseURL,
    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const url = `${baseURL}/models`
      const openai = await import('openai')
      return withRetries(openai, settings, url, signal, async (trace) => {
        const client = openClient(openai, settings, trace, settings.connectTimeoutMs)
        const page = await client.models.list({signal})
        return page.data.map((model) => (model.owned_by ? {id: model.id, ownedBy: model.owned_by} : {id: model.id}))
      })
    },
    async complete(request: ModelRequest, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply> {
      const url = `${baseURL}/chat/completions`
      const openai = await import('openai')
      return withRetries(openai, settings, url, request.signal, async (trace) => {
        const client = openClient(openai, settings, trace, settings.idleTimeoutMs)
        return streamReply(client, request, url, trace, onEvent)
      })
    },
  }
}

/** What one HTTP attempt saw underneath the openai client, which hides or rewrites some of it. */
interface AttemptTrace {
  failure?: ModelError
  /** The transport broke (refused, reset, closed) in a way worth one more try. */
  transportRetryable: boolean
  errorBody?: string
  sawDone: boolean
  /** llama.cpp (2025) reported a failure as an `error:` SSE field that SSE clients skip. */
  strayErrorLine?: string
  /** Something reached `onEvent`: from then on the request is never re-sent. */
  streamed: boolean
}

type Settings = Required<Omit<OpenAIModelClientOptions, 'api'>> & {baseURL: string}

async function withRetries<T>(
  openai: OpenAIModule,
  settings: Settings,
  url: string,
  signal: AbortSignal | undefined,
  attempt: (trace: AttemptTrace) => Promise<T>,
): Promise<T> {
  for (let tries = 0; ; tries++) {
    if (signal?.aborted) throw abortedError(url)
    const trace: AttemptTrace = {transportRetryable: false, sawDone: false, streamed: false}
    try {
      return await attempt(trace)
    } catch (error) {
      if (error instanceof EventHandlerFailure) throw error.cause
      const failure = toModelError(error, trace, url, signal, openai)
      const retryable = (failure.kind === 'http' && RETRY_STATUSES.has(failure.status ?? 0)) || trace.transportRetryable
      if (!retryable || trace.streamed || tries >= settings.retries) throw failure
      await pause(settings.retryDelaysMs[Math.min(tries, settings.retryDelaysMs.length - 1)] ?? 1000, signal)
    }
  }
}

function openClient(openai: OpenAIModule, settings: Settings, trace: AttemptTrace, headersTimeoutMs: number): OpenAI {
  return new openai.OpenAI({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    organization: null,
    project: null,
    maxRetries: 0, // its retries could re-send after tools ran; ours know what streamed
    timeout: headersTimeoutMs + 60_000, // ours fire first and say more
    logLevel: 'off', // it logs bad SSE lines to the console, which is the user's terminal
    fetch: guardedFetch(trace, headersTimeoutMs, settings.idleTimeoutMs),
  })
}

async function streamReply(client: OpenAI, request: ModelRequest, url: string, trace: AttemptTrace, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply> {
  const stream = await client.chat.completions.create(
    {
      model: request.model,
      messages: toWireMessages(request.messages),
      stream: true,
      stream_options: {include_usage: true},
      ...(request.tools.length > 0 ? {tools: request.tools, parallel_tool_calls: true} : {}),
      ...(request.maxTokens !== undefined ? {max_tokens: request.maxTokens} : {}),
    },
    {signal: request.signal},
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

/** Our messages in the wire shape. Reasoning is never sent back as content (WIRE.md §2). */
export function toWireMessages(messages: ChatMessage[]): WireMessage[] {
  return messages.map((message): WireMessage => {
    switch (message.role) {
      case 'system':
      case 'user':
        return {role: message.role, content: message.content}
      case 'assistant': {
        const calls = message.toolCalls ?? []
        if (calls.length === 0) return {role: 'assistant', content: message.content}
        return {
          role: 'assistant',
          content: message.content === '' ? null : message.content,
          tool_calls: calls.map((call) => ({id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}})),
        }
      }
      case 'tool':
        return {role: 'tool', tool_call_id: message.toolCallId, content: message.content}
    }
  })
}

/** Carries an exception out of the caller's `onEvent` untouched: it is not a model failure. */
class EventHandlerFailure extends Error {
  constructor(cause: unknown) {
    super('onEvent threw', {cause})
  }
}

function toModelError(error: unknown, trace: AttemptTrace, url: string, signal: AbortSignal | undefined, openai: OpenAIModule): ModelError {
  if (signal?.aborted || error instanceof openai.APIUserAbortError) return abortedError(url, error)
  if (error instanceof ModelError) return error
  if (trace.failure) return trace.failure
  if (error instanceof openai.APIConnectionError) {
    return new ModelError({kind: 'connection', url, message: error.message}, {cause: error})
  }
  if (error instanceof openai.APIError && typeof error.status === 'number') {
    const rawBody = trace.errorBody ?? JSON.stringify({error: error.error})
    const body = readServerError(rawBody)
    return new ModelError({kind: 'http', url, status: error.status, message: httpMessage(body), ...serverDetails(body, rawBody)}, {cause: error})
  }
  if (error instanceof openai.APIError) {
    // The SSE decoder throws these for a `data: {"error": …}` line (llama.cpp) and for `event: error` (LM Studio).
    const body = readErrorValue(error.error)
    return new ModelError(
      {kind: 'stream', url, message: 'the server reported an error mid-reply', ...serverDetails(body, JSON.stringify({error: error.error}))},
      {cause: error},
    )
  }
  if (error instanceof SyntaxError) {
    return new ModelError({kind: 'stream', url, message: 'the server sent a stream line that is not JSON', hint: 'is this an OpenAI-compatible /v1 endpoint?'}, {cause: error})
  }
  const text = error instanceof Error ? error.message : String(error)
  return new ModelError({kind: 'stream', url, message: `the reply failed: ${text}`}, {cause: error})
}

function httpMessage(body: ServerErrorBody | undefined): string {
  switch (body ? classifyServerError(body).kind : 'other') {
    case 'tools-unsupported':
      return 'the server refused the tool definitions'
    case 'context-exceeded':
      return 'the conversation is larger than the model’s context window'
    case 'model-not-found':
      return 'the server does not know this model'
    case 'tool-call-parse-failed':
      return 'the server could not parse the model’s tool call'
    default:
      return 'the server answered with an error'
  }
}

function serverDetails(body: ServerErrorBody | undefined, rawBody: string | undefined): {serverMessage?: string; rawBody?: string; hint?: string} {
  const hint = body ? classifyServerError(body).hint : undefined
  return {
    ...(body ? {serverMessage: body.message} : {}),
    ...(rawBody !== undefined ? {rawBody} : {}),
    ...(hint ? {hint} : {}),
  }
}

const abortedError = (url: string, cause?: unknown): ModelError =>
  new ModelError({kind: 'aborted', url, message: 'request cancelled'}, cause === undefined ? undefined : {cause})

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

/**
 * Global fetch, watched: a limit on the wait for headers and on each silence in the body, the raw body of
 * error replies (the openai client loses top-level and string envelopes), and the SSE lines the openai
 * decoder hides (`data: [DONE]`, llama.cpp's `error:` field).
 */
function guardedFetch(trace: AttemptTrace, headersTimeoutMs: number, idleTimeoutMs: number): Fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const controller = new AbortController()
    const outer = init?.signal
    const forwardAbort = (): void => controller.abort(outer?.reason)
    if (outer?.aborted) forwardAbort()
    else outer?.addEventListener('abort', forwardAbort, {once: true})
    const giveUp = (failure: ModelError): void => {
      trace.failure ??= failure
      controller.abort(failure)
    }

    const headersTimer = setTimeout(
      () => giveUp(timeoutError(url, `no answer within ${seconds(headersTimeoutMs)}`, 'a long prompt or a model still loading can take a while: raise the idle timeout; otherwise the server may be hung')),
      headersTimeoutMs,
    )
    let response: Response
    try {
      response = await fetch(input, {...init, signal: controller.signal})
    } catch (error) {
      if (!outer?.aborted && !trace.failure) recordTransportFailure(trace, url, error)
      throw error
    } finally {
      clearTimeout(headersTimer)
    }

    const watchLines = response.ok ? sseLineWatcher(trace) : (): void => undefined
    const noteBreak = (error: unknown): void => {
      if (outer?.aborted || trace.failure) return
      trace.failure = new ModelError({kind: 'stream', url, message: 'the server closed the connection mid-reply'}, {cause: error})
      trace.transportRetryable = true // only acted on when nothing streamed yet
    }
    const body = response.body ? guardBody(response.body, {idleTimeoutMs, url, onBytes: watchLines, onIdle: giveUp, onBreak: noteBreak}) : null
    const responseInit = {status: response.status, statusText: response.statusText, headers: response.headers}
    if (!response.ok) {
      const text = await new Response(body).text()
      trace.errorBody = text
      return new Response(text, responseInit)
    }
    if (isStreamRequest(init) && (response.headers.get('content-type') ?? '').includes('application/json')) {
      // The server ignored `stream: true` and sent the whole reply: hand it on as a one-chunk stream.
      const chunk = wholeReplyAsChunk(await new Response(body).text())
      if (chunk === undefined) {
        trace.failure = new ModelError({kind: 'stream', url, message: 'the server sent a reply that is not JSON', hint: 'is this an OpenAI-compatible /v1 endpoint?'})
        throw trace.failure
      }
      trace.sawDone = true
      return new Response(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`, {...responseInit, headers: {'content-type': 'text/event-stream'}})
    }
    return new Response(body, responseInit)
  }
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`)

const timeoutError = (url: string, message: string, hint: string): ModelError => new ModelError({kind: 'timeout', url, message, hint})

interface BodyWatch {
  idleTimeoutMs: number
  url: string
  onBytes: (bytes: Uint8Array) => void
  onIdle: (failure: ModelError) => void
  onBreak: (error: unknown) => void
}

/** The body, passed through; each read that stays silent past the idle limit fails the reply. */
function guardBody(source: ReadableStream<Uint8Array>, {idleTimeoutMs, url, onBytes, onIdle, onBreak}: BodyWatch): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  // Once the consumer cancels (the openai client does when it stops early), nothing here may act any more.
  let cancelled = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const failure = timeoutError(url, `the server sent nothing for ${seconds(idleTimeoutMs)}`, 'the server may be hung or overloaded; raise the idle timeout if it is only slow')
          onIdle(failure)
          reject(failure)
        }, idleTimeoutMs)
      })
      let result: Awaited<ReturnType<typeof reader.read>>
      try {
        result = await Promise.race([reader.read(), idle])
      } catch (error) {
        if (cancelled) return
        if (!(error instanceof ModelError)) onBreak(error)
        controller.error(error)
        return
      } finally {
        clearTimeout(timer)
      }
      if (cancelled) return
      if (result.done) {
        controller.close()
        return
      }
      onBytes(result.value)
      controller.enqueue(result.value)
    },
    cancel(reason) {
      cancelled = true
      return reader.cancel(reason)
    },
  })
}

/** Sees the raw SSE lines to note `[DONE]` and llama.cpp's `error:` field. */
function sseLineWatcher(trace: AttemptTrace): (bytes: Uint8Array) => void {
  const decoder = new TextDecoder()
  let partial = ''
  return (bytes) => {
    const lines = (partial + decoder.decode(bytes, {stream: true})).split('\n')
    partial = lines.pop() ?? ''
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
      if (/^data: ?\[DONE\]/.test(line)) trace.sawDone = true
      else if (line.startsWith('error:')) trace.strayErrorLine = line.slice('error:'.length).trim()
    }
  }
}

function recordTransportFailure(trace: AttemptTrace, url: string, error: unknown): void {
  const code = errorCode(error)
  const {port} = new URL(url)
  const refusedHint = `is the server running? try --api http://127.0.0.1:${port || 'PORT'}/v1`
  const known: Record<string, [message: string, hint: string | undefined, retryable: boolean]> = {
    ECONNREFUSED: ['connection refused', refusedHint, true],
    ECONNRESET: ['the connection was reset before the server answered', undefined, true],
    EPIPE: ['the connection was reset before the server answered', undefined, true],
    UND_ERR_SOCKET: ['the server closed the connection before answering', undefined, true],
    ENOTFOUND: ['host not found', 'check the host in --api', false],
    EAI_AGAIN: ['host not found', 'check the host in --api and the network', false],
    EHOSTUNREACH: ['host unreachable', 'check the host in --api and the network', false],
    ENETUNREACH: ['network unreachable', 'check the network', false],
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    trace.failure = timeoutError(url, 'could not connect (connect timeout)', 'check the host and port in --api; a firewall may be dropping the connection')
    return
  }
  const [message, hint, retryable] = (code && known[code]) || [`could not reach the server: ${describeCause(error)}`, refusedHint, false]
  trace.failure = new ModelError({kind: 'connection', url, message, ...(hint ? {hint} : {})}, {cause: error})
  trace.transportRetryable = retryable
}

/** The system error code under undici's `TypeError: fetch failed` (possibly inside an AggregateError). */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined
  if ('code' in error && typeof error.code === 'string') return error.code
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const code = errorCode(inner, depth + 1)
      if (code) return code
    }
  }
  return 'cause' in error ? errorCode(error.cause, depth + 1) : undefined
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  return cause instanceof Error ? cause.message : String(cause)
}

function isStreamRequest(init: RequestInit | undefined): boolean {
  return typeof init?.body === 'string' && /"stream"\s*:\s*true/.test(init.body)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A whole `chat.completion` as one `chat.completion.chunk`: each `message` becomes a `delta`. */
function wholeReplyAsChunk(text: string): unknown {
  let whole: unknown
  try {
    whole = JSON.parse(text)
  } catch {
    return undefined // the caller reports it
  }
  if (!isRecord(whole) || !Array.isArray(whole.choices)) return whole
  const choices = whole.choices.map((choice: unknown) => {
    if (!isRecord(choice) || !isRecord(choice.message)) return choice
    const {message, ...rest} = choice
    const toolCalls = Array.isArray(message.tool_calls)
      ? message.tool_calls.map((call: unknown, index) => (isRecord(call) ? {index, ...call} : call))
      : undefined
    return {...rest, delta: {...message, ...(toolCalls ? {tool_calls: toolCalls} : {})}}
  })
  return {...whole, object: 'chat.completion.chunk', choices}
}
