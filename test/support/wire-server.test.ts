import {describe, expect, test} from '@jest/globals'

import type {WireServer} from './wire-server.js'
import {useWireServers} from './wire-servers.js'

const serve = useWireServers()

async function post(server: WireServer, body: Record<string, unknown>): Promise<{status: number; type: string; text: string}> {
  const response = await fetch(`${server.url}/chat/completions`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})
  return {status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text()}
}

/** The SSE events of a body, each without its closing blank line. */
const eventsOf = (text: string): string[] => text.split('\n\n').filter((event) => event !== '')

/**
 * A line of WIRE.md as a pattern: `…` (and `…(32)`-style notes) stand for elided text, `T` for the timestamp,
 * `← …` notes are dropped, and the spaces WIRE.md adds after commas around an elision are not on the wire.
 */
function wireLine(line: string): RegExp {
  const fragments = line
    .replace(/\s+←.*$/, '')
    .replaceAll('"created":T', '"created":1795557054')
    .split(/\s*…(?:\([^)]*\))?\s*/)
    .map((fragment) => fragment.replaceAll(', "', ',"'))
  const escaped = fragments.map((fragment) => fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${escaped.join('[\\s\\S]*?')}$`)
}

// Copied from WIRE.md §1.
const WIRE_LLAMACPP = String.raw`
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1795557054,"id":"chatcmpl-K5IU1Heb…(32)","model":"<what you sent>","system_fingerprint":"b8900-3e7a91c2","object":"chat.completion.chunk"}
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"plan "}}], …}
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"let me "}}], …}
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"id":"pD8YTfD3gGjFyStQdlkJPb2PmsWZhyAv","type":"function","function":{"name":"read_file"}}]}}], …}
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"path"}}]}}], …}
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\":\"a.txt\"}"}}]}}], …}
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":1,"id":"…","type":"function","function":{"name":"grep"}}]}}], …}
data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"pattern\":\"x\"}"}}]}}], …}
data: {"choices":[{"finish_reason":"tool_calls","index":0,"delta":{}}], …, "timings":{…}}
data: {"choices":[], …, "usage":{"completion_tokens":13,"prompt_tokens":10,"total_tokens":23}, "timings":{…}}   ← only with stream_options.include_usage
data: [DONE]
`
  .trim()
  .split('\n')

const WIRE_OLLAMA = String.raw`
data: {"id":"chatcmpl-412","object":"chat.completion.chunk","created":T,"model":"qwen2.5-coder:7b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"plan "},"finish_reason":null}]}
data: {… "delta":{"content":"let me "} …}
data: {… "delta":{"content":"","tool_calls":[{"id":"call_4kr5daeu","index":0,"type":"function","function":{"name":"read_file","arguments":"{\"path\":\"a.txt\"}"}}]} …}
data: {… "delta":{"content":"","tool_calls":[{"id":"call_ovgkdueb","index":1,"type":"function","function":{"name":"grep","arguments":"{\"pattern\":\"x\"}"}}]} …}
data: {… "choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}
data: {… "choices":[],"usage":{"prompt_tokens":26,"completion_tokens":13,"total_tokens":39}}   ← only with include_usage
data: [DONE]
`
  .trim()
  .split('\n')

// WIRE.md elides the middle of these two with a `…` line: compare the head and the tail.
const WIRE_VLLM_HEAD = String.raw`
data: {"id":"chatcmpl-d5a7…(32 hex)","object":"chat.completion.chunk","created":T,"model":"<served name>","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}
data: {… "delta":{"reasoning":"plan "} …}
data: {… "delta":{"content":"let me "} …}
data: {… "delta":{"tool_calls":[{"index":0,"id":"chatcmpl-tool-54bc…(32 hex)","type":"function","function":{"name":"read_file"}}]} …}
data: {… "delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"path\": \"a"}}]} …}
`
  .trim()
  .split('\n')
const WIRE_VLLM_TAIL = String.raw`
data: {… "choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\"}"}}]},"logprobs":null,"finish_reason":"tool_calls","stop_reason":null}]}
data: {… "choices":[],"usage":{…}}   ← only with include_usage
data: [DONE]
`
  .trim()
  .split('\n')

const WIRE_LMSTUDIO_HEAD = String.raw`
data: {"id":"chatcmpl-7p4r1qib1kpt01b4cnbf3","object":"chat.completion.chunk","created":T,"model":"<loaded id>","system_fingerprint":"<loaded id>","choices":[{"index":0,"delta":{"role":"assistant","content":"let me "},"logprobs":null,"finish_reason":null}]}
data: {… "delta":{"role":"assistant","tool_calls":[{"index":0,"id":"728590892","type":"function","function":{"name":"read_file","arguments":""}}]} …}
data: {… "delta":{"role":"assistant","tool_calls":[{"index":0,"function":{"arguments":"{\"path"}}]} …}
`
  .trim()
  .split('\n')
const WIRE_LMSTUDIO_TAIL = String.raw`
data: {… "delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}
data: [DONE]
`
  .trim()
  .split('\n')

function expectLines(actual: string[], wire: string[]): void {
  expect(actual).toHaveLength(wire.length)
  wire.forEach((line, i) => expect(actual[i]).toMatch(wireLine(line)))
}

describe('streams match WIRE.md byte for byte', () => {
  test('the WIRE.md line pattern is strict', () => {
    expect('data: {"a":1,"b":2}').toMatch(wireLine('data: {"a":1, …}'))
    expect('data: {"a":1,"b":2} ').not.toMatch(wireLine('data: {"a":1, …}'))
    expect('data: {"a": 1}').not.toMatch(wireLine('data: {"a":1}'))
  })

  test('llama.cpp', async () => {
    const server = await serve([
      {
        flavor: 'llamacpp',
        id: 'chatcmpl-K5IU1HebQ2pX9wLmN4rT7yZc0vB3sD6f',
        created: 1795557054,
        reasoning: ['plan '],
        text: ['let me '],
        toolCalls: [
          {name: 'read_file', arguments: {path: 'a.txt'}, id: 'pD8YTfD3gGjFyStQdlkJPb2PmsWZhyAv', argumentPieces: ['{"path', '":"a.txt"}']},
          {name: 'grep', arguments: {pattern: 'x'}, argumentPieces: ['{"pattern":"x"}']},
        ],
      },
    ])
    const reply = await post(server, {model: '<what you sent>', messages: [], stream: true, stream_options: {include_usage: true}})
    expect(reply.type).toBe('text/event-stream')
    expect(reply.text.endsWith('data: [DONE]\n\n')).toBe(true)
    expectLines(eventsOf(reply.text), WIRE_LLAMACPP)
  })

  test('llama.cpp without include_usage has no usage chunk', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'hi'}])
    const events = eventsOf((await post(server, {model: 'm', messages: [], stream: true})).text)
    expect(events.some((event) => event.includes('"usage"'))).toBe(false)
    expect(events.at(-2)).toMatch(/"finish_reason":"stop"/)
  })

  test('ollama ≥ 0.32.6', async () => {
    const server = await serve([
      {
        flavor: 'ollama',
        id: 'chatcmpl-412',
        created: 1795557054,
        reasoning: ['plan '],
        text: ['let me '],
        toolCalls: [
          {name: 'read_file', arguments: {path: 'a.txt'}, id: 'call_4kr5daeu'},
          {name: 'grep', arguments: {pattern: 'x'}, id: 'call_ovgkdueb'},
        ],
        usage: {promptTokens: 26, completionTokens: 13},
      },
    ])
    const reply = await post(server, {model: 'qwen2.5-coder:7b', messages: [], stream: true, stream_options: {include_usage: true}})
    expectLines(eventsOf(reply.text), WIRE_OLLAMA)
  })

  test('ollama 0.12–0.32.5: role and content on every chunk, "stop" after calls', async () => {
    const server = await serve([{flavor: 'ollama-legacy', text: ['hi '], toolCalls: [{name: 'f', arguments: {}}]}])
    const events = eventsOf((await post(server, {model: 'm', messages: [], stream: true})).text)
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)) as {choices: Array<{delta: Record<string, unknown>; finish_reason: string | null}>})
    for (const chunk of chunks) expect(chunk.choices[0]?.delta).toMatchObject({role: 'assistant', content: expect.any(String)})
    expect(chunks.at(-1)?.choices[0]).toEqual({index: 0, delta: {role: 'assistant', content: ''}, finish_reason: 'stop'})
  })

  test('vLLM: the last argument piece rides on the finish chunk', async () => {
    const server = await serve([
      {
        flavor: 'vllm',
        id: 'chatcmpl-d5a7c0ffee00112233445566778899aa',
        created: 1795557054,
        reasoning: ['plan '],
        text: ['let me '],
        toolCalls: [
          {name: 'read_file', arguments: {path: 'a.txt'}, id: 'chatcmpl-tool-54bc00000000000000000000000000aa', argumentPieces: ['{"path": "a', '.txt"}']},
          {name: 'grep', arguments: {pattern: 'x'}, argumentPieces: ['{"pattern": "x', '"}']},
        ],
      },
    ])
    const events = eventsOf((await post(server, {model: '<served name>', messages: [], stream: true, stream_options: {include_usage: true}})).text)
    expectLines(events.slice(0, WIRE_VLLM_HEAD.length), WIRE_VLLM_HEAD)
    expectLines(events.slice(-WIRE_VLLM_TAIL.length), WIRE_VLLM_TAIL)
  })

  test('vLLM serialises object arguments the way Python does', async () => {
    const server = await serve([{flavor: 'vllm', toolCalls: [{name: 'f', arguments: {path: 'a', n: [1, 2]}, argumentPieces: undefined}]}])
    const text = (await post(server, {model: 'm', messages: [], stream: false})).text
    const whole = JSON.parse(text) as {choices: Array<{message: {tool_calls: Array<{function: {arguments: string}}>}}>}
    expect(whole.choices[0]?.message.tool_calls[0]?.function.arguments).toBe('{"path": "a", "n": [1, 2]}')
  })

  test('LM Studio', async () => {
    const server = await serve([
      {
        flavor: 'lmstudio',
        id: 'chatcmpl-7p4r1qib1kpt01b4cnbf3',
        created: 1795557054,
        model: '<loaded id>',
        text: ['let me '],
        toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}, id: '728590892', argumentPieces: ['{"path', '":"a.txt"}']}],
      },
    ])
    const events = eventsOf((await post(server, {model: 'whatever was sent', messages: [], stream: true})).text)
    expectLines(events.slice(0, WIRE_LMSTUDIO_HEAD.length), WIRE_LMSTUDIO_HEAD)
    expectLines(events.slice(-WIRE_LMSTUDIO_TAIL.length), WIRE_LMSTUDIO_TAIL)
  })

  test('koboldcpp: one content chunk, one chunk with every call, a finish chunk', async () => {
    const server = await serve([{flavor: 'koboldcpp', text: 'I will read both.', toolCalls: [{name: 'a', arguments: {x: 1}}, {name: 'b', arguments: {}}]}])
    const events = eventsOf((await post(server, {model: 'm', messages: [], stream: true})).text)
    expect(events).toHaveLength(4)
    expect(events[0]).toContain('"delta":{"role":"assistant","content":"I will read both."}')
    expect(events[1]).toMatch(/"tool_calls":\[\{"index":0,"id":"call_\d{5}","type":"function","function":\{"name":"a","arguments":"\{\\"x\\": 1\}"\}\},\{"index":1,/)
    expect(events[2]).toContain('"finish_reason":"tool_calls","delta":{}')
    expect(events[3]).toBe('data: [DONE]')
  })

  test('openai: call_ ids, parallel calls at index 0 and 1, arguments start empty', async () => {
    const server = await serve([{flavor: 'openai', toolCalls: [{name: 'a', arguments: {}}, {name: 'b', arguments: {}}]}])
    const text = (await post(server, {model: 'gpt-4o-mini', messages: [], stream: true})).text
    expect(text).toMatch(/"tool_calls":\[\{"index":0,"id":"call_[A-Za-z0-9]{24}","type":"function","function":\{"name":"a","arguments":""\}\}\]/)
    expect(text).toMatch(/"tool_calls":\[\{"index":1,"id":"call_[A-Za-z0-9]{24}","type":"function","function":\{"name":"b","arguments":""\}\}\]/)
  })
})

describe('whole replies (stream: false)', () => {
  test('llama.cpp: content null next to calls; call keys type, function, id', async () => {
    const server = await serve([{flavor: 'llamacpp', reasoning: 'r', toolCalls: [{name: 'f', arguments: {a: 1}, id: 'ID'}]}])
    const reply = await post(server, {model: 'm', messages: []})
    expect(reply.type).toMatch(/^application\/json/)
    expect(reply.text).toContain('"message":{"role":"assistant","reasoning_content":"r","content":null,"tool_calls":[{"type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"},"id":"ID"}]}')
  })

  test('ollama: content "" and index on each call', async () => {
    const server = await serve([{flavor: 'ollama', toolCalls: [{name: 'f', arguments: {}, id: 'call_abcdefgh'}]}])
    expect((await post(server, {model: 'm', messages: []})).text).toContain('"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_abcdefgh","index":0,"type":"function"')
  })

  test('vLLM: tool_calls is [] when there are none, the null fields are present', async () => {
    const server = await serve([{flavor: 'vllm', text: 'hello'}])
    expect((await post(server, {model: 'm', messages: []})).text).toContain(
      '"message":{"role":"assistant","content":"hello","refusal":null,"annotations":null,"audio":null,"function_call":null,"tool_calls":[],"reasoning":null}',
    )
  })

  test('a turn can force a whole reply to a streaming request', async () => {
    const server = await serve([{flavor: 'lmstudio', stream: false, text: 'whole'}])
    const reply = await post(server, {model: 'm', messages: [], stream: true})
    expect(reply.type).toMatch(/^application\/json/)
    expect(JSON.parse(reply.text)).toMatchObject({object: 'chat.completion', choices: [{message: {content: 'whole'}}]})
  })
})

describe('failures', () => {
  test('llama.cpp mid-stream error: the text, then data: {"error"}, no [DONE]', async () => {
    const error = {code: 500, message: 'Failed to parse input at pos 12: <tool_call>', type: 'server_error'}
    const server = await serve([{flavor: 'llamacpp', text: ['Let me look.'], midStreamError: error}])
    const events = eventsOf((await post(server, {model: 'm', messages: [], stream: true})).text)
    expect(events.at(-2)).toContain('"delta":{"content":"Let me look."}')
    expect(events.at(-1)).toBe(`data: ${JSON.stringify({error})}`)
    expect(events.some((event) => event.includes('[DONE]') || event.includes('finish_reason":"'))).toBe(false)
  })

  test('LM Studio error event and llama.cpp 2025 error field', async () => {
    const server = await serve([{lmstudioErrorEvent: {error: {message: 'm'}, message: 'm'}}, {llamacppErrorField: {code: 400, message: 'x'}}])
    expect((await post(server, {model: 'm', messages: [], stream: true})).text).toBe('event: error\ndata: {"error":{"message":"m"},"message":"m"}\n\n')
    expect((await post(server, {model: 'm', messages: [], stream: true})).text).toBe('error: {"code":400,"message":"x"}\n\ndata: [DONE]\n\n')
  })

  test('error bodies are sent as given', async () => {
    const server = await serve([
      {status: 400, body: {object: 'error', message: 'top level'}},
      {status: 502, body: 'Bad Gateway'},
    ])
    expect(await post(server, {})).toMatchObject({status: 400, text: '{"object":"error","message":"top level"}'})
    expect(await post(server, {})).toMatchObject({status: 502, text: 'Bad Gateway', type: 'text/plain; charset=utf-8'})
  })

  test('the script running out answers 500 and says so', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'one'}])
    await post(server, {model: 'm', messages: []})
    const second = await post(server, {model: 'm', messages: []})
    expect(second.status).toBe(500)
    expect(JSON.parse(second.text)).toEqual({error: {code: 500, message: 'wire server: script exhausted (1 turns scripted, this is request 2)', type: 'server_error'}})
  })

  test('unknown paths get 404', async () => {
    const server = await serve([])
    const response = await fetch(`${server.url.replace('/v1', '')}/api/tags`)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({error: 'Unexpected endpoint or method. (GET /api/tags)'})
  })
})

describe('bookkeeping', () => {
  test('every request is recorded with its parsed body', async () => {
    const server = await serve([{flavor: 'ollama', text: 'a'}])
    await post(server, {model: 'm', messages: [{role: 'user', content: 'hi'}], stream: true})
    await fetch(`${server.url}/models`)
    expect(server.requests).toEqual([
      expect.objectContaining({method: 'POST', path: '/v1/chat/completions', body: {model: 'm', messages: [{role: 'user', content: 'hi'}], stream: true}}),
      expect.objectContaining({method: 'GET', path: '/v1/models', body: undefined}),
    ])
  })

  test('the url is 127.0.0.1 with /v1', async () => {
    const server = await serve([])
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`)
  })

  test.each([
    ['llamacpp', {owned_by: 'llamacpp', meta: expect.objectContaining({n_ctx: 4096, n_ctx_train: 32768})}],
    ['vllm', {owned_by: 'vllm', max_model_len: 4096}],
    ['lmstudio', {owned_by: 'organization_owner'}],
    ['ollama', {owned_by: 'library'}],
  ] as const)('GET /v1/models, %s', async (flavor, fields) => {
    const server = await serve([], {models: {flavor, ids: ['qwen'], contextLength: 4096}})
    const list = (await (await fetch(`${server.url}/models`)).json()) as {object: string; data: unknown[]}
    expect(list.object).toBe('list')
    expect(list.data).toEqual([expect.objectContaining({id: 'qwen', ...fields})])
  })

  test('GET /v1/models, ollama with nothing pulled: "data": null', async () => {
    const server = await serve([], {models: {flavor: 'ollama', ids: []}})
    expect(await (await fetch(`${server.url}/models`)).text()).toBe('{"object":"list","data":null}')
  })
})
