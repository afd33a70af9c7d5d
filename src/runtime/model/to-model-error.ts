import type {AttemptTrace} from './guarded-fetch.js'
import {ModelError} from './model-error.js'
import {classifyServerError, readErrorValue, readServerError, type ServerErrorBody} from './server-error.js'
import {errorText} from '../text/error-text.js'

type OpenAIModule = typeof import('openai')

/**
 * What went wrong in one attempt, as a ModelError. What the guarded fetch saw (`trace`) wins over what the
 * openai client made of it, which has lost the raw body or hides a timeout behind an abort. `openai` is
 * the lazily imported module, for its error classes.
 */
export function toModelError(error: unknown, trace: AttemptTrace, url: string, signal: AbortSignal | undefined, openai: OpenAIModule): ModelError {
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
  const text = errorText(error)
  return new ModelError({kind: 'stream', url, message: `the reply failed: ${text}`}, {cause: error})
}

/** The ModelError fields that come from the server's error body: its message, the body itself, and a hint. */
export function serverDetails(body: ServerErrorBody | undefined, rawBody: string | undefined): {serverMessage?: string; rawBody?: string; hint?: string} {
  const hint = body ? classifyServerError(body).hint : undefined
  return {
    ...(body ? {serverMessage: body.message} : {}),
    ...(rawBody !== undefined ? {rawBody} : {}),
    ...(hint ? {hint} : {}),
  }
}

export const abortedError = (url: string, cause?: unknown): ModelError =>
  new ModelError({kind: 'aborted', url, message: 'request cancelled'}, cause === undefined ? undefined : {cause})

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
