/**
 * Reads a model server's error body, whichever envelope it used (WIRE.md §4), and says what kind of
 * failure it is and what the user can do. Pure: text in, facts out.
 */
import {isRecord} from '../text/is-record.js'
import {toolParseFailure} from './tool-parse-failure.js'

export interface ServerErrorBody {
  /** The server's own words. */
  message: string
  /** The envelope's `type` (`exceed_context_size_error`, `not_found_error`, …) when it had one. */
  type?: string
  /** The envelope's `code` (`model_not_found`, 400, …) when it had one. */
  code?: string | number
}

export type ServerErrorKind = 'tools-unsupported' | 'context-exceeded' | 'model-not-found' | 'tool-call-parse-failed' | 'other'

export interface ServerErrorClass {
  kind: ServerErrorKind
  /** Which server the message identifies, when it does. */
  server?: 'llama.cpp' | 'ollama' | 'vLLM'
  /** What the user can do about it. */
  hint?: string
  /** For `tool-call-parse-failed`: the model's text the server could not parse (llama.cpp keeps it only here). */
  toolCallText?: string
}


const MAX_PLAIN_BODY = 500

/**
 * The message in an error body: `{"error":{"message"}}` (llama.cpp, ollama /v1, vLLM, OpenAI),
 * `{"error":"text"}` (ollama /api, LM Studio), `{"object":"error","message"}` (vLLM ≤ 0.10.0),
 * `{"detail"}` (FastAPI routes), or the body itself when it is not JSON. Undefined for an empty body.
 */
export function readServerError(body: string): ServerErrorBody | undefined {
  const trimmed = body.trim()
  if (trimmed === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    // Not JSON (a proxy's HTML page, plain text): the text is the message.
    return {message: trimmed.length > MAX_PLAIN_BODY ? `${trimmed.slice(0, MAX_PLAIN_BODY)}…` : trimmed}
  }
  return readErrorValue(parsed) ?? {message: trimmed}
}

/** The same for an already-parsed error value, e.g. the `error` of a `data: {"error": …}` stream line. */
export function readErrorValue(value: unknown): ServerErrorBody | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : {message: value}
  if (!isRecord(value)) return undefined
  const inner = value.error
  if (typeof inner === 'string' && inner.trim() !== '') return {message: inner}
  if (isRecord(inner)) {
    const fromInner = readErrorValue(inner)
    if (fromInner) return fromInner
  }
  const message = value.message ?? value.detail
  if (message === undefined || message === null || message === '') return undefined
  const body: ServerErrorBody = {message: typeof message === 'string' ? message : JSON.stringify(message)}
  if (typeof value.type === 'string') body.type = value.type
  if (typeof value.code === 'string' || typeof value.code === 'number') body.code = value.code
  return body
}

const CONTEXT_EXCEEDED = [
  'exceed_context_size_error',
  'exceeds the available context size',
  'maximum context length',
  'greater than the context length',
  'does not fit in context length',
  'context size has been exceeded',
]

/** What kind of failure a server message describes; matched on the text because statuses differ by server. */
export function classifyServerError(error: ServerErrorBody): ServerErrorClass {
  const message = error.message
  const lower = message.toLowerCase()
  const type = (error.type ?? '').toLowerCase()

  // First: the unparsed call's text can contain any of the phrases below.
  const parseFailure = toolParseFailure(error)
  if (parseFailure) {
    const hint = 'the model wrote a tool call the server could not parse; ask again, or try a model with better tool calling'
    return {kind: 'tool-call-parse-failed', ...parseFailure, hint}
  }
  if (CONTEXT_EXCEEDED.some((phrase) => lower.includes(phrase) || type === phrase)) {
    return {kind: 'context-exceeded', hint: 'the conversation no longer fits the context window; compact it or load the model with a larger context'}
  }
  if (lower.includes('requires --jinja')) {
    return {kind: 'tools-unsupported', server: 'llama.cpp', hint: 'restart llama-server with --jinja to enable tool calls'}
  }
  if (lower.includes('cannot use tools with stream')) {
    return {kind: 'tools-unsupported', server: 'llama.cpp', hint: 'this llama-server is older than May 2025 and refuses tools when streaming; update llama.cpp'}
  }
  if (lower.includes('does not support tools')) {
    return {kind: 'tools-unsupported', server: 'ollama', hint: 'pick a model with the tools capability (`ollama show <model>` lists its capabilities)'}
  }
  if (lower.includes('--enable-auto-tool-choice') || lower.includes('--tool-call-parser')) {
    return {
      kind: 'tools-unsupported',
      server: 'vLLM',
      hint: 'restart vLLM with --enable-auto-tool-choice --tool-call-parser <parser> (e.g. hermes for Qwen models)',
    }
  }
  if (
    error.code === 'model_not_found' ||
    /\bmodel\b[\s\S]*\b(not found|does not exist)\b/i.test(message)
  ) {
    return {kind: 'model-not-found', hint: 'check the model name against the server’s model list (`GET /v1/models`)'}
  }
  return {kind: 'other'}
}
