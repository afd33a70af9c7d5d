import {isRecord} from '../text/is-record.js'
import type {Dispatcher, HttpAnswer, HttpRequest} from './http-dispatcher.js'
import {ModelError} from './model-error.js'
import {parseRetryAfter} from './retry-after.js'
import {transportFailure} from './transport-failure.js'

/** What one HTTP attempt saw: what the transport and the raw body showed, before any decoding. */
export interface AttemptTrace {
  failure?: ModelError
  /** The transport broke (refused, reset, closed) in a way worth one more try. */
  transportRetryable: boolean
  errorBody?: string
  sawDone: boolean
  /** llama.cpp (2025) reported a failure as an `error:` SSE field that SSE clients skip. */
  strayErrorLine?: string
  /** Something reached `onEvent`: from then on the request is never re-sent. */
  streamed: boolean
  /** How long an error reply's `Retry-After` asked the client to wait before trying again. */
  retryAfterMs?: number
}

/** One HTTP attempt: the request, where to note what it saw, and its limits. */
export interface GuardedRequest {
  url: string
  method: HttpRequest['method']
  headers: Record<string, string>
  body?: Uint8Array
  /** The attempt's own: the caller aborts it to cancel, and so does the guard when a limit is passed. */
  controller: AbortController
  trace: AttemptTrace
  /** Longest wait for the response headers. */
  headersTimeoutMs: number
  /** Longest silence between pieces of the body. */
  idleTimeoutMs: number
  /** The client's connection pool. */
  dispatcher: Dispatcher
  /** A streamed reply was asked for: a whole JSON reply is then handed on as a one-chunk stream. */
  stream: boolean
}

/** A response whose body is watched; the body is read once, as bytes. */
export interface GuardedResponse {
  status: number
  ok: boolean
  contentType: string
  body: AsyncIterable<Uint8Array>
}

/**
 * One HTTP request over the pool, watched: a limit on the wait for headers and on each silence in the body, the raw body of
 * error replies, and the SSE line SSE decoders skip (llama.cpp's `error:` field). What it sees goes into the
 * attempt's trace; a failure it caused is noted there, and the error it throws is only the symptom.
 */
export async function guardedRequest(request: GuardedRequest): Promise<GuardedResponse> {
  const {url, controller, trace, headersTimeoutMs, idleTimeoutMs, dispatcher} = request
  const giveUp = (failure: ModelError): void => {
    trace.failure ??= failure
    controller.abort(failure)
  }
  // Aborted, and not by us: the caller cancelled.
  const cancelled = (): boolean => controller.signal.aborted && !trace.failure

  const headersTimer = setTimeout(
    () => giveUp(timeoutError(url, `no answer within ${seconds(headersTimeoutMs)}`, 'a long prompt or a model still loading can take a while: raise it with --idle-timeout (env LILLYCODER_IDLE_TIMEOUT); otherwise the server may be hung')),
    headersTimeoutMs,
  )
  let answer: HttpAnswer
  try {
    const {method, headers, body} = request
    answer = await dispatcher.request({url, method, headers, ...(body ? {body} : {}), signal: controller.signal})
  } catch (error) {
    if (!cancelled() && !trace.failure) {
      const {failure, retryable} = transportFailure(url, error)
      trace.failure = failure
      trace.transportRetryable = retryable
    }
    throw error
  } finally {
    clearTimeout(headersTimer)
  }

  const noteBreak = (error: unknown): void => {
    if (cancelled() || trace.failure) return
    trace.failure = new ModelError({kind: 'stream', url, message: 'the server closed the connection mid-reply'}, {cause: error})
    trace.transportRetryable = true // only acted on when nothing streamed yet
  }
  const status = answer.statusCode
  const ok = status >= 200 && status < 300
  const contentType = String(answer.headers['content-type'] ?? '')
  const watch: BodyWatch = {idleTimeoutMs, url, onBytes: ok && request.stream ? sseLineWatcher(trace) : undefined, onIdle: giveUp, onBreak: noteBreak}
  const body = guardBody(answer.body, watch)
  if (!ok) {
    trace.retryAfterMs = parseRetryAfter(answer.headers['retry-after'], Date.now())
    trace.errorBody = await readText(body)
    return {status, ok, contentType, body: noBody()}
  }
  if (request.stream && contentType.includes('application/json')) {
    // The server ignored `stream: true` and sent the whole reply: hand it on as a one-chunk stream.
    const chunk = wholeReplyAsChunk(await readText(body))
    if (chunk === undefined) {
      trace.failure = new ModelError({kind: 'stream', url, message: 'the server sent a reply that is not JSON', hint: 'is this an OpenAI-compatible /v1 endpoint?'})
      throw trace.failure
    }
    trace.sawDone = true
    return {status, ok, contentType: 'text/event-stream', body: oneChunk(Buffer.from(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`))}
  }
  return {status, ok, contentType, body}
}

/** The whole body as text. */
export async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const pieces: Uint8Array[] = []
  for await (const piece of body) pieces.push(piece)
  return Buffer.concat(pieces).toString('utf8')
}

async function* noBody(): AsyncGenerator<Uint8Array> {}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`)

const timeoutError = (url: string, message: string, hint: string): ModelError => new ModelError({kind: 'timeout', url, message, hint})

interface BodyWatch {
  idleTimeoutMs: number
  url: string
  onBytes: ((bytes: Uint8Array) => void) | undefined
  onIdle: (failure: ModelError) => void
  onBreak: (error: unknown) => void
}

/**
 * The body, passed through; a read that stays silent past the idle limit fails the reply (the abort errors the
 * body). One timer, restarted at each read, not one per read. Stopping early cancels the body.
 */
async function* guardBody(source: AsyncIterable<Uint8Array>, {idleTimeoutMs, url, onBytes, onIdle, onBreak}: BodyWatch): AsyncGenerator<Uint8Array> {
  const timer = setTimeout(
    () => onIdle(timeoutError(url, `the server sent nothing for ${seconds(idleTimeoutMs)}`, 'the server may be hung or overloaded; raise --idle-timeout (env LILLYCODER_IDLE_TIMEOUT) if it is only slow')),
    idleTimeoutMs,
  )
  try {
    for await (const bytes of source) {
      onBytes?.(bytes)
      yield bytes
      timer.refresh() // the silence counts from the next read on
    }
  } catch (error) {
    if (!(error instanceof ModelError)) onBreak(error)
    throw error
  } finally {
    clearTimeout(timer)
  }
}

/** Sees the raw SSE lines to note llama.cpp's `error:` field, which SSE decoders skip. */
function sseLineWatcher(trace: AttemptTrace): (bytes: Uint8Array) => void {
  const decoder = new TextDecoder()
  let partial = ''
  return (bytes) => {
    const lines = (partial + decoder.decode(bytes, {stream: true})).split('\n')
    partial = lines.pop() ?? ''
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
      if (line.startsWith('error:')) trace.strayErrorLine = line.slice('error:'.length).trim()
    }
  }
}

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
