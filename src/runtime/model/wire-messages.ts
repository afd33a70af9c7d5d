import type OpenAI from 'openai'

import type {ChatMessage} from './messages.js'

export type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam

// Messages are never changed once in a history (a change makes a new object), so each is converted once.
const converted = new WeakMap<ChatMessage, WireMessage>()

/** Our messages in the wire shape. Reasoning is never sent back as content (WIRE.md §2). */
export function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.map((message) => {
    let wire = converted.get(message)
    if (!wire) {
      wire = toWireMessage(message)
      converted.set(message, wire)
    }
    return wire
  })
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
