import type {ModelClient, ModelInfo, ModelReply, ModelRequest, ModelStreamEvent} from '../../src/runtime/model/model-client.js'
import type {ToolCall} from '../../src/runtime/model/messages.js'

/** A scripted ModelClient for unit tests of the loop: each request gets the next reply (or error). */
export class ScriptedModel implements ModelClient {
  readonly baseURL = 'http://127.0.0.1:1/v1'
  readonly requests: ModelRequest[] = []

  constructor(private readonly replies: Array<Partial<ModelReply> | Error | ((request: ModelRequest) => Promise<ModelReply>)>) {}

  async listModels(): Promise<ModelInfo[]> {
    return [{id: 'scripted'}]
  }

  async close(): Promise<void> {}

  async complete(request: ModelRequest, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply> {
    // Copy the history: the loop keeps appending to the same array.
    this.requests.push({...request, messages: structuredClone(request.messages)})
    const next = this.replies.shift()
    if (next === undefined) throw new Error('the script ran out of replies')
    if (next instanceof Error) throw next
    if (typeof next === 'function') return next(request)
    const reply: ModelReply = {content: '', reasoning: '', toolCalls: [], finishReason: 'stop', ...next}
    if (reply.reasoning) onEvent({type: 'reasoning', text: reply.reasoning})
    if (reply.content) onEvent({type: 'text', text: reply.content})
    return reply
  }
}

export function call(name: string, args: unknown, id = `call_${name}_${Math.random().toString(36).slice(2, 8)}`): ToolCall {
  return {id, name, arguments: typeof args === 'string' ? args : JSON.stringify(args)}
}
