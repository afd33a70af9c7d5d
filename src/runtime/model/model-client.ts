import type {ToolSchema} from '../tools/tool-schema.js'
import type {ChatMessage, ToolCall} from './messages.js'

/** The agent loop's port to a model server. The OpenAI-compatible adapter implements it; tests fake it. */
export interface ModelClient {
  /** The server's base URL as used (always ending in /v1), for messages. */
  readonly baseURL: string
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>
  /** Streams one reply; `onEvent` sees text and reasoning as they arrive. Throws ModelError. */
  complete(request: ModelRequest, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply>
  /** Closes the client's connections; the commands call it when the session ends, so the process exits at once. */
  close(): Promise<void>
}

export interface ModelInfo {
  id: string
  ownedBy?: string
}

export interface ModelRequest {
  model: string
  messages: readonly ChatMessage[]
  tools: ToolSchema[]
  signal: AbortSignal
  maxTokens?: number
}

export type ModelStreamEvent =
  | {type: 'text'; text: string}
  | {type: 'reasoning'; text: string}

export interface ModelReply {
  /** Visible text, with inline <think> blocks removed. */
  content: string
  reasoning: string
  toolCalls: ToolCall[]
  finishReason: string | null
  usage?: {promptTokens: number; completionTokens: number}
}
