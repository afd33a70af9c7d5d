import {describe, expect, test} from '@jest/globals'
import {Stream} from 'openai/core/streaming'

import type {ModelReply, ModelStreamEvent} from '../../../src/runtime/model/model-client.js'
import {accumulateChunk, finishStream, initialStreamState, randomToolCallId, type StreamOutcome} from '../../../src/runtime/model/stream-accumulator.js'

// Recorded streams, in the shapes of WIRE.md §1 (ids, timings and counts are examples).
const LLAMACPP = [
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"plan "}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"the read"}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"let me "}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"read ü✓"}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"id":"pD8YTfD3gGjFyStQdlkJPb2PmsWZhyAv","type":"function","function":{"name":"read_file"}}]}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"path"}}]}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\":\\"a.txt\\"}"}}]}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":1,"id":"Xq81nVb0aZ5cR2mLp7TtY4uW9eKs3HdJ","type":"function","function":{"name":"grep"}}]}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\\"pattern\\":\\"x\\"}"}}]}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":"tool_calls","index":0,"delta":{}}],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk","timings":{"prompt_n":10,"prompt_ms":12.5,"predicted_n":13,"predicted_ms":104}}',
  'data: {"choices":[],"created":1795557054,"id":"chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f","model":"qwen2.5-coder:7b","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk","usage":{"completion_tokens":13,"prompt_tokens":10,"total_tokens":23},"timings":{"prompt_n":10,"prompt_ms":12.5,"predicted_n":13,"predicted_ms":104}}',
  'data: [DONE]',
]
  .map((line) => `${line}\n\n`)
  .join('')

const LLAMACPP_REPLY: ModelReply = {
  content: 'let me read ü✓',
  reasoning: 'plan the read',
  toolCalls: [
    {id: 'pD8YTfD3gGjFyStQdlkJPb2PmsWZhyAv', name: 'read_file', arguments: '{"path":"a.txt"}'},
    {id: 'Xq81nVb0aZ5cR2mLp7TtY4uW9eKs3HdJ', name: 'grep', arguments: '{"pattern":"x"}'},
  ],
  finishReason: 'tool_calls',
  usage: {promptTokens: 10, completionTokens: 13},
}

const VLLM_ENVELOPE = '"id":"chatcmpl-d5a7c0ffee00112233445566778899aa","object":"chat.completion.chunk","created":1795557054,"model":"Qwen/Qwen2.5-7B-Instruct"'
const VLLM = [
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"reasoning":"plan "},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"content":"let me "},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"chatcmpl-tool-54bc00000000000000000000000000aa","type":"function","function":{"name":"read_file"}}]},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"path\\": \\"a"}}]},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":".txt\\"}"}}]},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"chatcmpl-tool-54bc00000000000000000000000000bb","type":"function","function":{"name":"grep"}}]},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\\"pattern\\": \\"x"}}]},"logprobs":null,"finish_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\\"}"}}]},"logprobs":null,"finish_reason":"tool_calls","stop_reason":null}]}`,
  `data: {${VLLM_ENVELOPE},"choices":[],"usage":{"prompt_tokens":26,"total_tokens":39,"completion_tokens":13}}`,
  'data: [DONE]',
]
  .map((line) => `${line}\n\n`)
  .join('')

const VLLM_REPLY: ModelReply = {
  content: 'let me ',
  reasoning: 'plan ',
  toolCalls: [
    {id: 'chatcmpl-tool-54bc00000000000000000000000000aa', name: 'read_file', arguments: '{"path": "a.txt"}'},
    {id: 'chatcmpl-tool-54bc00000000000000000000000000bb', name: 'grep', arguments: '{"pattern": "x"}'},
  ],
  finishReason: 'tool_calls',
  usage: {promptTokens: 26, completionTokens: 13},
}

// llama.cpp 2025 with `--reasoning-format none` behind a proxy that adds CRLF and pings: <think> inline and cut
// across chunks, usage on the finish chunk, a call without an id, and ollama's repeated id on two indexes.
const QUIRKS = [
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":"<thi"}}],"object":"chat.completion.chunk"}',
  ': ping',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":"nk>\\nplan</th"}}],"object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":"ink>\\n\\nok"}}],"object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"type":"function","function":{"name":"read_file","arguments":""}}]}}],"object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"","tool_calls":[{"index":0,"function":{"arguments":"{\\"path\\":\\"a\\"}"}}]}}],"object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_same","type":"function","function":{"name":"grep","arguments":"{}"}}]}}],"object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":2,"id":"call_same","type":"function","function":{"name":"list","arguments":"{}"}}]}}],"object":"chat.completion.chunk"}',
  'data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"object":"chat.completion.chunk","usage":{"completion_tokens":5,"prompt_tokens":7,"total_tokens":12}}',
  'data: [DONE]',
]
  .map((line) => `${line}\r\n\r\n`)
  .join('')

const QUIRKS_REPLY: ModelReply = {
  content: 'ok',
  reasoning: 'plan',
  toolCalls: [
    {id: 'generated-1', name: 'read_file', arguments: '{"path":"a"}'},
    {id: 'call_same', name: 'grep', arguments: '{}'},
    {id: 'generated-2', name: 'list', arguments: '{}'},
  ],
  finishReason: 'stop',
  usage: {promptTokens: 7, completionTokens: 5},
}

/** Decodes bytes exactly as the client does (the openai SSE decoder), then folds the chunks. */
async function replay(pieces: Uint8Array[]): Promise<{outcome: StreamOutcome; events: ModelStreamEvent[]}> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece)
      controller.close()
    },
  })
  const stream = Stream.fromSSEResponse<unknown>(new Response(body), new AbortController())
  let state = initialStreamState
  const events: ModelStreamEvent[] = []
  for await (const chunk of stream) {
    const step = accumulateChunk(state, chunk)
    state = step.state
    events.push(...step.events)
  }
  let generated = 0
  const text = new TextDecoder().decode(concat(pieces))
  const outcome = finishStream(state, {sawDone: text.includes('data: [DONE]'), newToolCallId: () => `generated-${++generated}`})
  events.push(...outcome.events)
  return {outcome, events}
}

function concat(pieces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0))
  let offset = 0
  for (const piece of pieces) {
    out.set(piece, offset)
    offset += piece.length
  }
  return out
}

const recorded: Array<[name: string, sse: string, reply: ModelReply]> = [
  ['llama.cpp', LLAMACPP, LLAMACPP_REPLY],
  ['vLLM (last argument piece on the finish chunk)', VLLM, VLLM_REPLY],
  ['quirks (inline think, missing and repeated ids, CRLF, pings, usage on finish)', QUIRKS, QUIRKS_REPLY],
]

describe('a recorded stream gives the same reply however it is cut', () => {
  test.each(recorded)('%s: in one piece', async (_name, sse, reply) => {
    const {outcome} = await replay([new TextEncoder().encode(sse)])
    expect(outcome).toMatchObject({complete: true, reply})
  })

  test.each(recorded)('%s: cut at every byte offset', async (_name, sse, reply) => {
    const bytes = new TextEncoder().encode(sse)
    for (let i = 0; i <= bytes.length; i++) {
      const {outcome} = await replay([bytes.slice(0, i), bytes.slice(i)])
      expect(outcome).toMatchObject({complete: true, reply})
    }
  })

  test.each(recorded)('%s: one byte at a time', async (_name, sse, reply) => {
    const bytes = new TextEncoder().encode(sse)
    const {outcome} = await replay(Array.from(bytes, (byte) => Uint8Array.of(byte)))
    expect(outcome).toMatchObject({complete: true, reply})
  })

  test.each(recorded)('%s: cut at every pair of event boundaries', async (_name, sse, reply) => {
    const events = sse.split(/(?<=\r?\n\r?\n)/)
    for (let i = 0; i <= events.length; i++) {
      for (let j = i; j <= events.length; j++) {
        const pieces = [events.slice(0, i), events.slice(i, j), events.slice(j)].map((part) => new TextEncoder().encode(part.join('')))
        const {outcome} = await replay(pieces)
        expect(outcome).toMatchObject({complete: true, reply})
      }
    }
  })

  test('the events tell the same story as the reply', async () => {
    const {events} = await replay([new TextEncoder().encode(LLAMACPP)])
    expect(events).toEqual([
      {type: 'reasoning', text: 'plan '},
      {type: 'reasoning', text: 'the read'},
      {type: 'text', text: 'let me '},
      {type: 'text', text: 'read ü✓'},
    ])
  })

  test('cut off before the finish chunk and [DONE] → incomplete', async () => {
    const cut = LLAMACPP.slice(0, LLAMACPP.indexOf('data: {"choices":[{"finish_reason":"tool_calls"'))
    const {outcome} = await replay([new TextEncoder().encode(cut)])
    expect(outcome.complete).toBe(false)
  })
})

/** Chunk objects for the reducer itself. */
const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
  object: 'chat.completion.chunk',
  choices: [{index: 0, delta, finish_reason: finish}],
  ...extra,
})

function fold(chunks: unknown[], sawDone = true) {
  let state = initialStreamState
  const events: ModelStreamEvent[] = []
  for (const c of chunks) {
    const step = accumulateChunk(state, c)
    state = step.state
    events.push(...step.events)
  }
  let generated = 0
  const outcome = finishStream(state, {sawDone, newToolCallId: () => `gen-${++generated}`})
  events.push(...outcome.events)
  if (!outcome.complete) throw new Error(outcome.reason)
  return {reply: outcome.reply, events}
}

describe('accumulateChunk', () => {
  test.each([[undefined], [null], ['']])('content %p is no text', (content) => {
    const {reply, events} = fold([chunk({role: 'assistant', content}), chunk({content, tool_calls: [{index: 0, id: 'a', type: 'function', function: {name: 'f', arguments: '{}'}}]}, 'tool_calls')])
    expect(reply.content).toBe('')
    expect(events.some((e) => e.type === 'text')).toBe(false)
  })

  test('tool_calls on the finish chunk are taken before the finish', () => {
    const {reply} = fold([
      chunk({tool_calls: [{index: 0, id: 'a', type: 'function', function: {name: 'f'}}]}),
      chunk({tool_calls: [{index: 0, function: {arguments: '{"x":'}}]}),
      chunk({tool_calls: [{index: 0, function: {arguments: '1}'}}]}, 'tool_calls'),
    ])
    expect(reply.toolCalls).toEqual([{id: 'a', name: 'f', arguments: '{"x":1}'}])
  })

  test('finish_reason "stop" after tool calls still gives the calls', () => {
    const {reply} = fold([chunk({tool_calls: [{index: 0, id: 'a', type: 'function', function: {name: 'f', arguments: '{}'}}]}), chunk({}, 'stop')])
    expect(reply.toolCalls).toHaveLength(1)
    expect(reply.finishReason).toBe('stop')
  })

  test('a missing id gets a generated one; a repeated id on another index neither merges nor repeats', () => {
    const {reply} = fold([
      chunk({tool_calls: [{index: 0, type: 'function', function: {name: 'f', arguments: '{"a":1}'}}]}),
      chunk({tool_calls: [{index: 1, id: 'dup', type: 'function', function: {name: 'g', arguments: '{"b":2}'}}]}),
      chunk({tool_calls: [{index: 2, id: 'dup', type: 'function', function: {name: 'h', arguments: '{"c":3}'}}]}),
      chunk({}, 'tool_calls'),
    ])
    expect(reply.toolCalls).toEqual([
      {id: 'gen-1', name: 'f', arguments: '{"a":1}'},
      {id: 'dup', name: 'g', arguments: '{"b":2}'},
      {id: 'gen-2', name: 'h', arguments: '{"c":3}'},
    ])
  })

  test('id, type and name repeated on later deltas are not doubled', () => {
    const {reply} = fold([
      chunk({tool_calls: [{index: 0, id: 'a', type: 'function', function: {name: 'f', arguments: '{"x"'}}]}),
      chunk({tool_calls: [{index: 0, id: 'a', type: 'function', function: {name: 'f', arguments: ':1}'}}]}, 'tool_calls'),
    ])
    expect(reply.toolCalls).toEqual([{id: 'a', name: 'f', arguments: '{"x":1}'}])
  })

  test('deltas without index: a new id or name starts a call, arguments alone continue the last', () => {
    const {reply} = fold([
      chunk({tool_calls: [{id: 'a', type: 'function', function: {name: 'f', arguments: '{"x"'}}]}),
      chunk({tool_calls: [{function: {arguments: ':1}'}}]}),
      chunk({tool_calls: [{id: 'b', type: 'function', function: {name: 'g', arguments: '{}'}}]}, 'tool_calls'),
    ])
    expect(reply.toolCalls).toEqual([
      {id: 'a', name: 'f', arguments: '{"x":1}'},
      {id: 'b', name: 'g', arguments: '{}'},
    ])
  })

  test('a name that arrives after the id still names the call', () => {
    const {reply, events} = fold([chunk({tool_calls: [{index: 0, id: 'a', type: 'function'}]}), chunk({tool_calls: [{index: 0, function: {name: 'late', arguments: '{}'}}]}, 'tool_calls')])
    expect(reply.toolCalls).toEqual([{id: 'a', name: 'late', arguments: '{}'}])
    // Calls are not streamed to the display: only text and reasoning are events.
    expect(events).toEqual([])
  })

  test.each([['reasoning_content'], ['reasoning']])('reasoning from %s', (field) => {
    const {reply, events} = fold([chunk({[field]: 'hmm '}), chunk({[field]: 'ok'}), chunk({content: 'answer'}, 'stop')])
    expect(reply).toMatchObject({reasoning: 'hmm ok', content: 'answer'})
    expect(events[0]).toEqual({type: 'reasoning', text: 'hmm '})
  })

  test('both reasoning fields in one delta (a server in transition) count once', () => {
    const {reply} = fold([chunk({reasoning_content: 'same', reasoning: 'same'}), chunk({}, 'stop')])
    expect(reply.reasoning).toBe('same')
  })

  test('reasoning field and inline <think> together (llama.cpp deepseek-legacy) are not doubled', () => {
    const {reply} = fold([chunk({reasoning_content: 'plan', content: '<think>plan'}), chunk({content: '</think>answer'}, 'stop')])
    expect(reply).toMatchObject({reasoning: 'plan', content: 'answer'})
  })

  test('usage on a choices: [] chunk and on the finish chunk', () => {
    expect(fold([chunk({content: 'a'}, 'stop'), {choices: [], usage: {prompt_tokens: 3, completion_tokens: 1, total_tokens: 4}}]).reply.usage).toEqual({promptTokens: 3, completionTokens: 1})
    expect(fold([chunk({content: 'a'}, 'stop', {usage: {prompt_tokens: 8, completion_tokens: 2, total_tokens: 10}})]).reply.usage).toEqual({promptTokens: 8, completionTokens: 2})
    expect(fold([chunk({content: 'a'}, 'stop', {usage: null})]).reply.usage).toBeUndefined()
  })

  test.each([[null], ['text'], [42], [{}], [{choices: null}], [{choices: [null]}], [{choices: [{index: 0}]}]])('ignores %p', (odd) => {
    expect(accumulateChunk(initialStreamState, odd)).toEqual({state: initialStreamState, events: []})
  })

  test('inline <think> cut at every point between two deltas', () => {
    const content = '<think>plan it</think>\n\nanswer'
    for (let i = 0; i <= content.length; i++) {
      const {reply} = fold([chunk({content: content.slice(0, i)}), chunk({content: content.slice(i)}, 'stop')])
      expect(reply).toMatchObject({content: 'answer', reasoning: 'plan it'})
    }
  })

  test('no finish_reason and no [DONE] → incomplete; with [DONE] → complete', () => {
    let state = initialStreamState
    state = accumulateChunk(state, chunk({content: 'half'})).state
    expect(finishStream(state, {sawDone: false})).toMatchObject({complete: false})
    expect(finishStream(state, {sawDone: true})).toMatchObject({complete: true, reply: {content: 'half', finishReason: null}})
  })

  test('a held partial tag comes out at the end', () => {
    let state = initialStreamState
    const step = accumulateChunk(state, chunk({content: '<thi'}))
    state = step.state
    expect(step.events).toEqual([])
    const outcome = finishStream(state, {sawDone: true})
    expect(outcome.events).toEqual([{type: 'text', text: '<thi'}])
    expect(outcome).toMatchObject({complete: true, reply: {content: '<thi'}})
  })

  test('steps do not change the state they were given', () => {
    const before = JSON.stringify(initialStreamState)
    accumulateChunk(initialStreamState, chunk({content: 'x', tool_calls: [{index: 0, id: 'a', function: {name: 'f'}}]}, 'stop'))
    expect(JSON.stringify(initialStreamState)).toBe(before)
  })

  test('generated ids look like call ids and differ', () => {
    const ids = new Set(Array.from({length: 50}, () => randomToolCallId()))
    expect(ids.size).toBe(50)
    for (const id of ids) expect(id).toMatch(/^call_[a-z0-9]{24}$/)
  })
})
