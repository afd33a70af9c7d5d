import type {AttemptTrace, GuardedResponse} from './guarded-request.js'
import {isRecord} from '../text/is-record.js'
import {streamErrorEvent} from './to-model-error.js'

/** openai's SSE decoder (`openai/streaming`, ≈ 10 ms to load, against ≈ 110 ms for the whole client). */
export type SseModule = typeof import('openai/streaming')

/**
 * The parsed JSON chunks of a streamed reply, as openai's `Stream` yields them: `[DONE]` ends the reply (noted in
 * the trace), a line that is not JSON throws its SyntaxError, and an `error` object in a chunk (llama.cpp's
 * `data: {"error": …}`, LM Studio's `event: error`) throws a ModelError. Nothing is logged: the console is the
 * user's terminal.
 */
export async function* sseChunks(sse: SseModule, response: GuardedResponse, controller: AbortController, trace: AttemptTrace, url: string): AsyncGenerator<unknown> {
  let done = false
  // The decoder reads nothing of the response but its body, and iterates that as an async iterable when it is one:
  // our watched body goes in as it is, without a stream around it.
  const messages = sse._iterSSEMessages({body: response.body} as unknown as Response, controller)
  for await (const message of messages) {
    if (done) continue // read to the end, so the connection goes back to the pool
    if (message.data.startsWith('[DONE]')) {
      done = true
      trace.sawDone = true
      continue
    }
    const chunk: unknown = JSON.parse(message.data)
    if (isRecord(chunk) && chunk.error) throw streamErrorEvent(url, chunk.error)
    const keyed = isRecord(chunk) ? errorInKey(chunk) : undefined
    if (keyed) throw streamErrorEvent(url, keyed)
    yield chunk
  }
}

/** ollama 0.11 streamed `{"error parsing tool call": "<why>"}`: the phrase in the key (ollama #11781). */
function errorInKey(chunk: Record<string, unknown>): string | undefined {
  const keys = Object.keys(chunk)
  const key = keys[0]
  if (keys.length !== 1 || !key?.startsWith('error ')) return undefined
  const value = chunk[key]
  return typeof value === 'string' ? `${key}: ${value}` : key
}
