import {describe, expect, test} from '@jest/globals'

import type {ChatMessage} from '../../../src/runtime/model/messages.js'
import type {ModelRequest} from '../../../src/runtime/model/model-client.js'
import {chatRequestBody} from '../../../src/runtime/model/request-body.js'
import type {ToolSchema} from '../../../src/runtime/tools/tool-schema.js'
import {toWireMessages} from '../../../src/runtime/model/wire-messages.js'

type BodyRequest = Omit<ModelRequest, 'signal'>

const listDir: ToolSchema = {
  type: 'function',
  function: {name: 'list_dir', description: 'List a "directory"\n', parameters: {type: 'object', properties: {path: {type: 'string'}}, required: [], additionalProperties: false}},
}

const history: ChatMessage[] = [
  {role: 'system', content: 'be brief; quote "like this"\nand \\ backslashes'},
  {role: 'user', content: 'ünïcödé ✓ 𝄞 and a tab\t'},
  {role: 'assistant', content: '', toolCalls: [{id: 'c1', name: 'list_dir', arguments: '{"path":"."}'}, {id: 'c2', name: 'read_file', arguments: '{"path":"a\\"b"}'}]},
  {role: 'tool', toolCallId: 'c1', name: 'list_dir', content: 'a.txt\nb.txt'},
  {role: 'tool', toolCallId: 'c2', name: 'read_file', content: ''},
  {role: 'assistant', content: 'thinking aloud', toolCalls: [{id: 'c3', name: 'list_dir', arguments: '{}'}]},
  {role: 'assistant', content: 'done'},
]

/** What the body was before the cached texts: one JSON.stringify of the whole request. */
function plainBody(request: BodyRequest): string {
  return JSON.stringify({
    model: request.model,
    messages: toWireMessages(request.messages),
    stream: true,
    stream_options: {include_usage: true},
    ...(request.tools.length > 0 ? {tools: request.tools, parallel_tool_calls: true} : {}),
    ...(request.maxTokens !== undefined ? {max_tokens: request.maxTokens} : {}),
  })
}

const requests: Array<[name: string, request: BodyRequest]> = [
  ['tools and max_tokens', {model: 'qwen2.5-coder:7b', messages: history, tools: [listDir], maxTokens: 256}],
  ['no tools', {model: 'qwen2.5-coder:7b', messages: history, tools: []}],
  ['no messages', {model: 'm', messages: [], tools: [listDir]}],
  ['a model name that needs escaping', {model: 'hf.co/x/"q"\\7b:Q4_K_M', messages: history.slice(0, 2), tools: [], maxTokens: 0}],
]

describe('the body assembled from cached message JSON', () => {
  test.each(requests)('%s: parses equal to the plain JSON.stringify of the request, keys in the same order', (_name, request) => {
    const body = chatRequestBody(request).toString('utf8')
    expect(JSON.parse(body)).toEqual(JSON.parse(plainBody(request)))
    expect(Object.keys(JSON.parse(body) as object)).toEqual(Object.keys(JSON.parse(plainBody(request)) as object))
  })

  test('a second step with a longer history: the earlier messages come from the cache, the body is still exact', () => {
    const tools = [listDir]
    const first: ChatMessage[] = history.slice(0, 3)
    chatRequestBody({model: 'm', messages: first, tools})
    const second: ChatMessage[] = [...first, ...history.slice(3)]
    expect(JSON.parse(chatRequestBody({model: 'm', messages: second, tools}).toString('utf8'))).toEqual(JSON.parse(plainBody({model: 'm', messages: second, tools})))
  })

  test('a replaced message (a new object) is sent as it is now, not as cached', () => {
    const tools: ToolSchema[] = []
    const user: ChatMessage = {role: 'user', content: 'first'}
    chatRequestBody({model: 'm', messages: [user], tools})
    const merged: ChatMessage = {role: 'user', content: `${user.content}\n\nsecond`}
    expect(JSON.parse(chatRequestBody({model: 'm', messages: [merged], tools}).toString('utf8'))).toEqual(JSON.parse(plainBody({model: 'm', messages: [merged], tools})))
  })
})
