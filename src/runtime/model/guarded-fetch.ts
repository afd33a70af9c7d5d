import {isRecord} from '../text/is-record.js'
import {ModelError} from './model-error.js'
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
}

/** One HTTP attempt: the request, where to note what it saw, and its limits. */
export interface GuardedRequest {
  url: string
  /** Method, headers, body and the attempt's abort signal. */
  init: RequestInit
  trace: AttemptTrace
  /** Longest wait for the response headers. */
  headersTimeoutMs: number
  /** Longest silence between pieces of the body. */
  idleTimeoutMs: number
  /** The client's connection pool (undici's `dispatcher` option of Node's fetch). */
  dispatcher: unknown
  /** A streamed reply was asked for: a whole JSON reply is then handed on as a one-chunk stream. */
  stream: boolean
}

/**
 * Node's fetch, watched: a limit on the wait for headers and on each silence in the body, the raw body of
 * error replies, and the SSE line SSE decoders skip (llama.cpp's `error:` field). What it sees goes into the
 * attempt's trace; a failure it caused is noted there, and the error it throws is only the symptom.
 */
export async function guardedFetch(request: GuardedRequest): Promise<Response> {
  const {url, init, trace, headersTimeoutMs, idleTimeoutMs, dispatcher} = request
  const controller = new AbortController()
  const outer = init.signal
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
    response = await fetch(url, {...init, signal: controller.signal, dispatcher} as RequestInit)
  } catch (error) {
    if (!outer?.aborted && !trace.failure) {
      const {failure, retryable} = transportFailure(url, error)
      trace.failure = failure
      trace.transportRetryable = retryable
    }
    throw error
  } finally {
    clearTimeout(headersTimer)
  }

  const watchLines = response.ok && request.stream ? sseLineWatcher(trace) : undefined
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
  if (request.stream && (response.headers.get('content-type') ?? '').includes('application/json')) {
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

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`)

const timeoutError = (url: string, message: string, hint: string): ModelError => new ModelError({kind: 'timeout', url, message, hint})

interface BodyWatch {
  idleTimeoutMs: number
  url: string
  onBytes: ((bytes: Uint8Array) => void) | undefined
  onIdle: (failure: ModelError) => void
  onBreak: (error: unknown) => void
}

/** The body, passed through; each read that stays silent past the idle limit fails the reply. */
function guardBody(source: ReadableStream<Uint8Array>, {idleTimeoutMs, url, onBytes, onIdle, onBreak}: BodyWatch): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  // Once the consumer cancels (the reader does when it stops early), nothing here may act any more.
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
      onBytes?.(result.value)
      controller.enqueue(result.value)
    },
    cancel(reason) {
      cancelled = true
      return reader.cancel(reason)
    },
  })
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
