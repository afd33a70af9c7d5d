import type OpenAI from 'openai'

import type {ChatMessage} from './messages.js'

export type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam

// Messages are never changed once in a history (a change makes a new object), so each is serialised and
// encoded once: a step then sends a history of hundreds of messages without re-reading any of them.
const serialised = new WeakMap<ChatMessage, Uint8Array>()

/** Our messages in the wire shape. Reasoning is never sent back as content (WIRE.md §2). */
export function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.map(toWireMessage)
}

/** A message's wire shape as UTF-8 JSON, made once per message object. */
export function wireMessageJson(message: ChatMessage): Uint8Array {
  let json = serialised.get(message)
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(toWireMessage(message)))
    serialised.set(message, json)
  }
  return json
}

function toWireMessage(message: ChatMessage): WireMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return {role: message.role, content: message.content}
    case 'assistant': {
      const calls = message.toolCalls ?? []
      if (calls.length === 0) return {role: 'assistant', content: message.content}
      return {
        role: 'assistant',
        content: message.content === '' ? null : message.content,
        tool_calls: calls.map((call) => ({id: call.id, type: 'function', function: {name: call.name, arguments: call.arguments}})),
      }
    }
    case 'tool':
      return {role: 'tool', tool_call_id: message.toolCallId, content: message.content}
  }
}
