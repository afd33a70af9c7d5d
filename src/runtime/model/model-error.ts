/**
 * Why a model request failed. `connection`: nothing answered (refused, reset, DNS); `http`: the server
 * answered with an error status; `stream`: the reply broke off or carried an error mid-stream;
 * `timeout`: connect or idle timeout; `aborted`: the user cancelled.
 */
export type ModelErrorKind = 'connection' | 'http' | 'stream' | 'timeout' | 'aborted'

export interface ModelErrorDetails {
  kind: ModelErrorKind
  /** The URL that was called. */
  url: string
  /** One line saying what happened, e.g. `connection refused`. */
  message: string
  status?: number
  /** The server's own error text, from whichever envelope it used. */
  serverMessage?: string
  /** The raw error body, kept because the openai client loses some servers' bodies. */
  rawBody?: string
  /** What the user can try. */
  hint?: string
}

export class ModelError extends Error {
  readonly kind: ModelErrorKind
  readonly url: string
  readonly status?: number
  readonly serverMessage?: string
  readonly rawBody?: string
  readonly hint?: string

  constructor(details: ModelErrorDetails, options?: {cause?: unknown}) {
    super(details.message, options)
    this.name = 'ModelError'
    this.kind = details.kind
    this.url = details.url
    this.status = details.status
    this.serverMessage = details.serverMessage
    this.rawBody = details.rawBody
    this.hint = details.hint
  }

  /** One line for the terminal: which URL, what happened, what to try. */
  describe(): string {
    const status = this.status ? ` (HTTP ${this.status})` : ''
    const server = this.serverMessage ? `: ${this.serverMessage}` : ''
    const hint = this.hint ? ` — ${this.hint}` : ''
    return `${this.url}: ${this.message}${status}${server}${hint}`
  }
}
