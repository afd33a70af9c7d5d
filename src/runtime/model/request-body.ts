import type {ModelRequest} from './model-client.js'
import type {ToolSchema} from '../tools/tool-schema.js'
import {wireMessageTexts} from './wire-messages.js'

// The session's tool list is one array that never changes: serialised once.
const toolsTexts = new WeakMap<readonly ToolSchema[], string>()

/**
 * The `POST /chat/completions` body as JSON text, assembled from each message's cached text rather than by
 * serialising the whole history again each step. Parsed, it equals `JSON.stringify(chatRequest(request))`.
 */
export function chatRequestBody(request: Omit<ModelRequest, 'signal'>): string {
  let body = `{"model":${JSON.stringify(request.model)},"messages":[${wireMessageTexts(request.messages).join(',')}],"stream":true,"stream_options":{"include_usage":true}`
  if (request.tools.length > 0) body += `,"tools":${toolsText(request.tools)},"parallel_tool_calls":true`
  if (request.maxTokens !== undefined) body += `,"max_tokens":${JSON.stringify(request.maxTokens)}`
  return `${body}}`
}

function toolsText(tools: readonly ToolSchema[]): string {
  let text = toolsTexts.get(tools)
  if (text === undefined) {
    text = JSON.stringify(tools)
    toolsTexts.set(tools, text)
  }
  return text
}
