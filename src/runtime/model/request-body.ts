import type {ModelRequest} from './model-client.js'
import type {ToolSchema} from '../tools/tool-schema.js'
import {wireMessageJson} from './wire-messages.js'

// The session's tool list is one array that never changes: serialised once.
const toolsJson = new WeakMap<readonly ToolSchema[], Buffer>()
const COMMA = Buffer.from(',')

/**
 * The `POST /chat/completions` body as UTF-8 JSON, assembled from each message's cached JSON rather than by
 * serialising and encoding the whole history again each step (as bytes, so nothing re-encodes it either).
 * Parsed, it equals `JSON.stringify` of the request in wire shape, keys in the same order.
 */
export function chatRequestBody(request: Omit<ModelRequest, 'signal'>): Buffer {
  const parts: Uint8Array[] = [Buffer.from(`{"model":${JSON.stringify(request.model)},"messages":[`)]
  request.messages.forEach((message, index) => {
    if (index > 0) parts.push(COMMA)
    parts.push(wireMessageJson(message))
  })
  let tail = '],"stream":true,"stream_options":{"include_usage":true}'
  if (request.tools.length > 0) {
    parts.push(Buffer.from(`${tail},"tools":`), toolsJsonOf(request.tools))
    tail = ',"parallel_tool_calls":true'
  }
  if (request.maxTokens !== undefined) tail += `,"max_tokens":${JSON.stringify(request.maxTokens)}`
  parts.push(Buffer.from(`${tail}}`))
  return Buffer.concat(parts)
}

function toolsJsonOf(tools: readonly ToolSchema[]): Buffer {
  let json = toolsJson.get(tools)
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(tools))
    toolsJson.set(tools, json)
  }
  return json
}
