import type {AttemptTrace} from './guarded-request.js'
import {ModelError} from './model-error.js'
import {classifyServerError, readErrorValue, readServerError, type ServerErrorBody} from './server-error.js'
import {errorText} from '../text/error-text.js'

/**
 * What went wrong in one attempt, as a ModelError. What the guarded request saw (`trace`) wins over the error
 * that surfaced, which is often only its symptom (an abort that was our own timeout, a body that broke off).
 */
export function toModelError(error: unknown, trace: AttemptTrace, url: string, signal: AbortSignal | undefined): ModelError {
  if (signal?.aborted) return abortedError(url, error)
  if (error instanceof ModelError) return error
  if (trace.failure) return trace.failure
  if (error instanceof SyntaxError) {
    return new ModelError({kind: 'stream', url, message: 'the server sent a stream line that is not JSON', hint: 'is this an OpenAI-compatible /v1 endpoint?'}, {cause: error})
  }
  const text = errorText(error)
  return new ModelError({kind: 'stream', url, message: `the reply failed: ${text}`}, {cause: error})
}

/** An error status, with the server's own words from the raw body, whichever envelope it used. */
export function httpError(url: string, status: number, rawBody: string): ModelError {
  const body = readServerError(rawBody)
  return new ModelError({kind: 'http', url, status, message: httpMessage(body), ...serverDetails(body, rawBody)})
}

/** A `data: {"error": …}` event mid-reply (llama.cpp; LM Studio as `event: error`). */
export function streamErrorEvent(url: string, error: unknown): ModelError {
  const rawBody = JSON.stringify({error})
  return new ModelError({kind: 'stream', url, message: 'the server reported an error mid-reply', ...serverDetails(readErrorValue(error), rawBody)})
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
