/** A tool call as the model sent it; `arguments` is the raw JSON text, parsed only after the stream ends. */
export interface ToolCall {
  id: string
  name: string
  arguments: string
}

/** The conversation, in our own shape; the model client maps it to the wire. */
export type ChatMessage =
  | {role: 'system'; content: string}
  | {role: 'user'; content: string}
  | {role: 'assistant'; content: string; toolCalls?: ToolCall[]}
  | {role: 'tool'; toolCallId: string; name: string; content: string}
