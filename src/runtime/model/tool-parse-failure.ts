/**
 * Servers that parse tool calls themselves (llama.cpp, ollama, vLLM) fail the whole reply when the model writes a
 * call they cannot parse. These are failures of the model's output, not of the request: asking again, or asking
 * without the `tools` field so the text comes back as is, can succeed (WIRE.md §3). Pure: message in, facts out.
 */

/** An error body as `readServerError` reads it. */
export interface ErrorBodyFields {
  message: string
  type?: string
  code?: string | number
}

/** Which server's parser failed, and the model's text when the message carries it (llama.cpp's `pos N:` form). */
export interface ToolParseFailure {
  server: 'llama.cpp' | 'ollama' | 'vLLM'
  toolCallText?: string
}

const LLAMA_CPP_FAILED_AT = /Failed to parse input at pos \d+: ?([\s\S]*)$/
// llama.cpp 2026: "The model produced output that does not match the expected peg-native format".
const LLAMA_CPP_FORMAT = /output that does not match the expected [\w-]+ format/i
// ollama: `error parsing tool call: raw='…', err=…` (0.11.3 put the phrase in the key: `{"error parsing tool call": …}`).
const OLLAMA = /error parsing tool call/i
// Python's json errors, which vLLM's tool parsers (mistral, internlm2, …) let through as a 500 on the model's output.
// The same text as a 400 (BadRequestError) is vLLM re-reading the request's own history: not the model's output.
const PYTHON_JSON_ERROR = /^(Expecting .+|Unterminated string starting at|Invalid \\escape|Invalid control character at|Extra data): line \d+ column \d+ \(char \d+\)$/

/** The parse failure a server error reports, or undefined when the error is something else. */
export function toolParseFailure(error: ErrorBodyFields): ToolParseFailure | undefined {
  const {message} = error
  const failedAt = LLAMA_CPP_FAILED_AT.exec(message)
  if (failedAt) return {server: 'llama.cpp', toolCallText: failedAt[1] ?? ''}
  if (LLAMA_CPP_FORMAT.test(message)) return {server: 'llama.cpp'}
  if (OLLAMA.test(message)) return {server: 'ollama'}
  if (PYTHON_JSON_ERROR.test(message.trim()) && isServerSide(error)) return {server: 'vLLM'}
  return undefined
}

function isServerSide(error: ErrorBodyFields): boolean {
  return error.type === 'InternalServerError' || error.code === 500 || error.code === '500'
}
