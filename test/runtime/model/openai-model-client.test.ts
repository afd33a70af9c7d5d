import {getEventListeners} from 'node:events'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'

import {describe, expect, test} from '@jest/globals'

import type {ChatMessage} from '../../../src/runtime/model/messages.js'
import type {ToolSchema} from '../../../src/runtime/tools/tool-schema.js'
import type {ModelReply, ModelRequest, ModelStreamEvent} from '../../../src/runtime/model/model-client.js'
import {ModelError} from '../../../src/runtime/model/model-error.js'
import {createOpenAIModelClient, normaliseApiUrl} from '../../../src/runtime/model/openai-model-client.js'
import type {WireFlavor, WireServer} from '../../support/wire-server.js'
import {useWireServers} from '../../support/wire-servers.js'

const serve = useWireServers()

const readFile: ToolSchema = {
  type: 'function',
  function: {name: 'read_file', description: 'Read a file', parameters: {type: 'object', properties: {path: {type: 'string'}}, required: ['path'], additionalProperties: false}},
}

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {model: 'qwen2.5-coder:7b', messages: [{role: 'user', content: 'read a.txt'}], tools: [readFile], signal: new AbortController().signal, ...overrides}
}

async function completeWith(server: WireServer, req: ModelRequest = request(), clientOptions: {idleTimeoutMs?: number; retries?: number} = {}) {
  const events: ModelStreamEvent[] = []
  const client = createOpenAIModelClient({api: server.url, retries: 0, retryDelaysMs: [20], ...clientOptions})
  const reply = await client.complete(req, (event) => events.push(event))
  return {reply, events}
}

async function failureOf(promise: Promise<unknown>): Promise<ModelError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!(outcome instanceof ModelError)) throw new Error(`expected a ModelError, got ${String(outcome)}`)
  return outcome
}

const parsedCalls = (reply: ModelReply) => reply.toolCalls.map((call) => ({name: call.name, arguments: JSON.parse(call.arguments) as unknown}))

describe('one reply, every flavor', () => {
  const flavors: WireFlavor[] = ['llamacpp', 'ollama', 'ollama-legacy', 'vllm', 'lmstudio', 'koboldcpp', 'openai']
  const calls = [
    {name: 'read_file', arguments: {path: 'a.txt'}},
    {name: 'grep', arguments: {pattern: 'x "quoted" \\ ü', path: 'src'}},
  ]

  test.each(flavors)('%s: text, reasoning and two calls come out the same', async (flavor) => {
    const server = await serve([{flavor, reasoning: 'plan the read ', text: 'let me read it. ', toolCalls: calls}])
    const {reply, events} = await completeWith(server)

    expect(reply.content).toBe('let me read it. ')
    expect(reply.reasoning).toBe('plan the read ')
    expect(parsedCalls(reply)).toEqual(calls)
    expect(new Set(reply.toolCalls.map((call) => call.id)).size).toBe(2)
    expect(reply.toolCalls.every((call) => call.id !== '')).toBe(true)
    expect(events.filter((e) => e.type === 'text').map((e) => ('text' in e ? e.text : '')).join('')).toBe(reply.content)
    expect(events.filter((e) => e.type === 'reasoning').map((e) => ('text' in e ? e.text : '')).join('')).toBe(reply.reasoning)
    expect(events.filter((e) => e.type !== 'text' && e.type !== 'reasoning')).toEqual([])
  })

  test.each(flavors)('%s: a plain answer without tools', async (flavor) => {
    const server = await serve([{flavor, text: 'Hello there, friend.'}])
    const {reply} = await completeWith(server, request({tools: []}))
    expect(reply).toMatchObject({content: 'Hello there, friend.', reasoning: '', toolCalls: [], finishReason: 'stop'})
  })

  test.each(flavors)('%s: the whole reply, when the server ignores stream: true', async (flavor) => {
    const server = await serve([{flavor, stream: false, reasoning: 'plan ', text: 'ok', toolCalls: calls}])
    const {reply} = await completeWith(server)
    expect(reply.content).toBe('ok')
    expect(reply.reasoning).toBe('plan ')
    expect(parsedCalls(reply)).toEqual(calls)
  })

  test('the server’s tool-call ids are kept', async () => {
    const server = await serve([{flavor: 'vllm', toolCalls: [{name: 'read_file', arguments: {path: 'a'}, id: 'chatcmpl-tool-54bc0000000000000000000000000000'}]}])
    const {reply} = await completeWith(server)
    expect(reply.toolCalls[0]?.id).toBe('chatcmpl-tool-54bc0000000000000000000000000000')
    expect(reply.finishReason).toBe('tool_calls')
  })

  test('ollama before 0.5.12 says "stop" after tool calls: the calls still count', async () => {
    const server = await serve([{flavor: 'ollama-legacy', toolCalls: [{name: 'read_file', arguments: {path: 'a'}}]}])
    const {reply} = await completeWith(server)
    expect(reply.finishReason).toBe('stop')
    expect(parsedCalls(reply)).toEqual([{name: 'read_file', arguments: {path: 'a'}}])
  })

  test('inline <think> is split out of content', async () => {
    const server = await serve([{flavor: 'llamacpp', reasoning: 'think hard ', thinkInline: true, text: 'done'}])
    const {reply} = await completeWith(server)
    expect(reply).toMatchObject({content: 'done', reasoning: 'think hard '})
  })

  test('usage from the include_usage chunk', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'hi', usage: {promptTokens: 31, completionTokens: 7}}])
    const {reply} = await completeWith(server)
    expect(reply.usage).toEqual({promptTokens: 31, completionTokens: 7})
  })

  test('[DONE] without a finish_reason is a finished reply', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'all here', finishReason: null}])
    const {reply} = await completeWith(server)
    expect(reply).toMatchObject({content: 'all here', finishReason: null})
  })
})

describe('what is sent', () => {
  test('streaming with usage, parallel calls, max_tokens, and our messages in wire shape', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'ok'}])
    const messages: ChatMessage[] = [
      {role: 'system', content: 'be brief'},
      {role: 'user', content: 'read a.txt'},
      {role: 'assistant', content: '', toolCalls: [{id: 'c1', name: 'read_file', arguments: '{"path":"a.txt"}'}]},
      {role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'hello'},
      {role: 'assistant', content: 'It says hello.'},
    ]
    await completeWith(server, request({messages, maxTokens: 256}))
    const body = server.requests[0]?.body
    expect(body).toEqual({
      model: 'qwen2.5-coder:7b',
      messages: [
        {role: 'system', content: 'be brief'},
        {role: 'user', content: 'read a.txt'},
        {role: 'assistant', content: null, tool_calls: [{id: 'c1', type: 'function', function: {name: 'read_file', arguments: '{"path":"a.txt"}'}}]},
        {role: 'tool', tool_call_id: 'c1', content: 'hello'},
        {role: 'assistant', content: 'It says hello.'},
      ],
      stream: true,
      stream_options: {include_usage: true},
      tools: [readFile],
      parallel_tool_calls: true,
      max_tokens: 256,
    })
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-no-key')
  })

  test('no tools: neither tools nor parallel_tool_calls is sent', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'ok'}])
    await completeWith(server, request({tools: []}))
    const body = server.requests[0]?.body as Record<string, unknown>
    expect('tools' in body).toBe(false)
    expect('parallel_tool_calls' in body).toBe(false)
    expect('max_tokens' in body).toBe(false)
  })

  test('headers: the placeholder key, a JSON body, JSON (or its stream) accepted', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'ok'}])
    await completeWith(server)
    expect(server.requests[0]?.headers).toMatchObject({authorization: 'Bearer sk-no-key', 'content-type': 'application/json', accept: 'application/json'})
  })

  test('an api key is sent when given', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'ok'}])
    const client = createOpenAIModelClient({api: server.url, apiKey: 'jan-secret'})
    await client.complete(request(), () => undefined)
    expect(server.requests[0]?.headers.authorization).toBe('Bearer jan-secret')
  })

  const urls: Array<[given: string, used: string]> = [
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/v1'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080/v1'],
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/v1'],
    ['http://127.0.0.1:8080/v1/', 'http://127.0.0.1:8080/v1'],
    ['127.0.0.1:11434', 'http://127.0.0.1:11434/v1'],
    ['https://llm.example.org/proxy/v1//', 'https://llm.example.org/proxy/v1'],
    ['http://127.0.0.1:8000/v1/chat/completions', 'http://127.0.0.1:8000/v1'],
  ]
  test.each(urls)('api %s → %s', (given, used) => {
    expect(normaliseApiUrl(given)).toBe(used)
    expect(createOpenAIModelClient({api: given}).baseURL).toBe(used)
  })

  test('the api works without /v1 against a real server', async () => {
    const server = await serve([{flavor: 'ollama', text: 'ok'}])
    const client = createOpenAIModelClient({api: server.url.replace(/\/v1$/, '/')})
    const reply = await client.complete(request(), () => undefined)
    expect(reply.content).toBe('ok')
    expect(server.requests[0]?.path).toBe('/v1/chat/completions')
  })
})

describe('server errors keep the server’s words', () => {
  const cases: Array<[name: string, status: number, body: string | Record<string, unknown>, serverMessage: string, hint: RegExp | undefined]> = [
    ['llama.cpp without jinja', 500, {error: {code: 500, message: 'tools param requires --jinja flag', type: 'server_error'}}, 'tools param requires --jinja flag', /--jinja/],
    [
      'ollama model without tools',
      400,
      {error: {message: 'registry.ollama.ai/library/gemma3:270m does not support tools', type: 'invalid_request_error', param: null, code: null}},
      'registry.ollama.ai/library/gemma3:270m does not support tools',
      /tools capability/,
    ],
    [
      'vLLM without a tool parser',
      400,
      {error: {message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', type: 'BadRequestError', param: null, code: 400}},
      '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
      /--enable-auto-tool-choice --tool-call-parser/,
    ],
    [
      'llama.cpp context exceeded',
      400,
      {error: {code: 400, message: 'request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 9214, n_ctx: 8192}},
      'request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it',
      /context/,
    ],
    [
      'LM Studio string error',
      400,
      {error: 'The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 13055>= n_ctx: 4096). Try to load the model with a larger context length, or provide a shorter input.'},
      'The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 13055>= n_ctx: 4096). Try to load the model with a larger context length, or provide a shorter input.',
      /context/,
    ],
    ['ollama model not found', 404, {error: {message: "model 'qwen2.5:7b' not found", type: 'not_found_error', param: null, code: null}}, "model 'qwen2.5:7b' not found", /model list/],
    ['vLLM ≤ 0.10 top-level envelope', 404, {object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', param: null, code: 404}, 'The model `x` does not exist.', /model list/],
    ['a body that is not JSON', 500, 'Internal Server Error', 'Internal Server Error', undefined],
  ]

  test.each(cases)('%s → http %s', async (_name, status, body, serverMessage, hint) => {
    const server = await serve([{status, body}])
    const error = await failureOf(completeWith(server))
    expect(error.kind).toBe('http')
    expect(error.status).toBe(status)
    expect(error.serverMessage).toBe(serverMessage)
    expect(error.rawBody).toBe(typeof body === 'string' ? body : JSON.stringify(body))
    if (hint) expect(error.hint).toMatch(hint)
    else expect(error.hint).toBeUndefined()
    expect(error.describe()).toContain(serverMessage)
    expect(server.requests).toHaveLength(1)
  })

  test('llama.cpp mid-stream `data: {"error"}` after some text → stream error with the unparsed call', async () => {
    const message = 'Failed to parse input at pos 12: <tool_call>\n{"name": "read_file"\n</tool_call>'
    const server = await serve([{flavor: 'llamacpp', text: 'Let me look. ', midStreamError: {code: 500, message, type: 'server_error'}}])
    const events: ModelStreamEvent[] = []
    const client = createOpenAIModelClient({api: server.url, retries: 2, retryDelaysMs: [20]})
    const error = await failureOf(client.complete(request(), (event) => events.push(event)))
    expect(error.kind).toBe('stream')
    expect(error.serverMessage).toBe(message)
    expect(events).toContainEqual({type: 'text', text: 'Let '})
    expect(server.requests).toHaveLength(1)
  })

  test('LM Studio `event: error` → stream error with its message', async () => {
    const message = 'Input does not fit in context length. The input has 31430 tokens, but the context length only supports 30000 tokens.'
    const server = await serve([{lmstudioErrorEvent: {error: {message}, message}}])
    const error = await failureOf(completeWith(server))
    expect(error).toMatchObject({kind: 'stream', serverMessage: message})
    expect(error.hint).toMatch(/context/)
  })

  test('llama.cpp 2025 `error:` field then [DONE] is a failure, not an empty answer', async () => {
    const message = 'the request exceeds the available context size. try increasing the context size or enable context shift'
    const server = await serve([{llamacppErrorField: {code: 400, message, type: 'invalid_request_error'}}])
    const error = await failureOf(completeWith(server))
    expect(error).toMatchObject({kind: 'stream', serverMessage: message})
  })

  test('a stream that ends without finish_reason and without [DONE] failed', async () => {
    const server = await serve([{flavor: 'ollama', text: 'half an ans', finishReason: null, done: false}])
    const error = await failureOf(completeWith(server))
    expect(error.kind).toBe('stream')
    expect(error.message).toMatch(/finish_reason/)
  })

  test('LM Studio answers 200 with a string error to a path it does not serve → stream error with its words', async () => {
    const server = await serve([{raw: '{"error":"Unexpected endpoint or method. (POST /v1/chat/completions)"}', contentType: 'application/json'}])
    const error = await failureOf(completeWith(server))
    expect(error).toMatchObject({kind: 'stream', serverMessage: 'Unexpected endpoint or method. (POST /v1/chat/completions)'})
  })

  test('the script running out answers 500 with a clear message', async () => {
    const server = await serve([])
    const error = await failureOf(completeWith(server))
    expect(error).toMatchObject({kind: 'http', status: 500})
    expect(error.serverMessage).toMatch(/script exhausted/)
  })
})

describe('transport failures', () => {
  async function closedPort(): Promise<number> {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const {port} = probe.address() as AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    return port
  }

  test('nothing listening → connection refused, with a hint', async () => {
    const port = await closedPort()
    const client = createOpenAIModelClient({api: `http://127.0.0.1:${port}`, retries: 0})
    const error = await failureOf(client.complete(request(), () => undefined))
    expect(error.kind).toBe('connection')
    expect(error.message).toBe('connection refused')
    expect(error.hint).toBe(`is the server running and listening on port ${port}? \`lillycoder discover\` lists the servers it can find`)
    expect(error.url).toBe(`http://127.0.0.1:${port}/v1/chat/completions`)
  })

  test('listModels against nothing → connection refused', async () => {
    const port = await closedPort()
    const client = createOpenAIModelClient({api: `http://127.0.0.1:${port}`, retries: 0})
    const error = await failureOf(client.listModels())
    expect(error).toMatchObject({kind: 'connection', message: 'connection refused'})
  })

  test('the server closes the connection mid-reply → stream error, not retried', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'one two three four', closeMidStream: true, afterChunks: 3}, {flavor: 'llamacpp', text: 'again'}])
    const error = await failureOf(completeWith(server, request(), {retries: 2}))
    expect(error.kind).toBe('stream')
    expect(error.message).toBe('the server closed the connection mid-reply')
    expect(server.requests).toHaveLength(1)
  })

  test('headers then silence → timeout', async () => {
    const server = await serve([{hangAfterHeaders: true}])
    const error = await failureOf(completeWith(server, request(), {idleTimeoutMs: 200}))
    expect(error.kind).toBe('timeout')
    expect(error.message).toMatch(/sent nothing/)
  })

  test('silence mid-reply → timeout, with the text so far already delivered', async () => {
    const server = await serve([{flavor: 'vllm', text: 'one two three', hangMidStream: true, afterChunks: 2}])
    const events: ModelStreamEvent[] = []
    const client = createOpenAIModelClient({api: server.url, idleTimeoutMs: 200, retries: 2})
    const error = await failureOf(client.complete(request(), (event) => events.push(event)))
    expect(error.kind).toBe('timeout')
    expect(events).toEqual([{type: 'text', text: 'one '}])
    expect(server.requests).toHaveLength(1)
  })

  test('no headers at all → timeout', async () => {
    const server = await serve([{hangBeforeHeaders: true}])
    const error = await failureOf(completeWith(server, request(), {idleTimeoutMs: 200}))
    expect(error.kind).toBe('timeout')
    expect(error.message).toMatch(/no answer/)
  })

  test('abort mid-reply → aborted', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'one two three', hangMidStream: true, afterChunks: 2}])
    const controller = new AbortController()
    const client = createOpenAIModelClient({api: server.url})
    const error = await failureOf(client.complete(request({signal: controller.signal}), () => controller.abort()))
    expect(error.kind).toBe('aborted')
  })

  test('abort while waiting for headers → aborted', async () => {
    const server = await serve([{hangBeforeHeaders: true}])
    const controller = new AbortController()
    const client = createOpenAIModelClient({api: server.url})
    const pending = client.complete(request({signal: controller.signal}), () => undefined)
    setTimeout(() => controller.abort(), 50)
    expect((await failureOf(pending)).kind).toBe('aborted')
  })

  test('already aborted → aborted, nothing sent', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'never'}])
    const controller = new AbortController()
    controller.abort()
    const error = await failureOf(createOpenAIModelClient({api: server.url}).complete(request({signal: controller.signal}), () => undefined))
    expect(error.kind).toBe('aborted')
    expect(server.requests).toHaveLength(0)
  })

  test('an exception from onEvent reaches the caller as it is', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'boom'}])
    const client = createOpenAIModelClient({api: server.url})
    const bug = new RangeError('display broke')
    await expect(
      client.complete(request(), () => {
        throw bug
      }),
    ).rejects.toBe(bug)
  })
})

describe('retries', () => {
  test('503 then a reply → one reply, two requests', async () => {
    const server = await serve([{status: 503, body: {error: {code: 503, message: 'Loading model', type: 'unavailable_error'}}}, {flavor: 'llamacpp', text: 'ready now'}])
    const {reply} = await completeWith(server, request(), {retries: 2})
    expect(reply.content).toBe('ready now')
    expect(server.requests).toHaveLength(2)
  })

  test('a connection closed before anything streamed is re-sent', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'lost', closeMidStream: true, afterChunks: 0}, {flavor: 'llamacpp', text: 'second try'}])
    const {reply} = await completeWith(server, request(), {retries: 2})
    expect(reply.content).toBe('second try')
    expect(server.requests).toHaveLength(2)
  })

  test('429 every time → gives up after the retries, with the last status', async () => {
    const busy = {status: 429, body: {error: {message: 'too many requests'}}}
    const server = await serve([busy, busy, busy, busy])
    const error = await failureOf(completeWith(server, request(), {retries: 2}))
    expect(error).toMatchObject({kind: 'http', status: 429, serverMessage: 'too many requests'})
    expect(server.requests).toHaveLength(3)
  })

  test('400 is not retried', async () => {
    const server = await serve([{status: 400, body: {error: {message: 'bad'}}}, {flavor: 'llamacpp', text: 'no'}])
    await failureOf(completeWith(server, request(), {retries: 2}))
    expect(server.requests).toHaveLength(1)
  })

  test('a stream that breaks after the first token is never re-sent', async () => {
    const server = await serve([{flavor: 'llamacpp', text: 'first second third', closeMidStream: true, afterChunks: 2}, {flavor: 'llamacpp', text: 'again'}])
    const error = await failureOf(completeWith(server, request(), {retries: 2}))
    expect(error.kind).toBe('stream')
    expect(server.requests).toHaveLength(1)
  })
})

describe('listModels', () => {
  const lists: Array<[flavor: WireFlavor, ownedBy: string]> = [
    ['llamacpp', 'llamacpp'],
    ['ollama', 'library'],
    ['vllm', 'vllm'],
    ['lmstudio', 'organization_owner'],
  ]
  test.each(lists)('%s → ids and owned_by', async (flavor, ownedBy) => {
    const server = await serve([], {models: {flavor, ids: ['qwen2.5-coder:7b', 'llama3.2:3b']}})
    const models = await createOpenAIModelClient({api: server.url}).listModels()
    expect(models).toEqual([
      {id: 'qwen2.5-coder:7b', ownedBy},
      {id: 'llama3.2:3b', ownedBy},
    ])
    expect(server.requests[0]).toMatchObject({method: 'GET', path: '/v1/models'})
  })

  test('a server that never answers GET /models → timeout after connectTimeoutMs', async () => {
    const silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const {port} = silent.address() as AddressInfo
      const client = createOpenAIModelClient({api: `http://127.0.0.1:${port}`, connectTimeoutMs: 200, retries: 0})
      const error = await failureOf(client.listModels())
      expect(error.kind).toBe('timeout')
      expect(error.message).toBe('no answer within 200 ms')
    } finally {
      silent.closeAllConnections()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })

  test('ollama with no model pulled ("data": null) → empty list', async () => {
    const server = await serve([], {models: {flavor: 'ollama', ids: []}})
    expect(await createOpenAIModelClient({api: server.url}).listModels()).toEqual([])
  })
})

describe('one signal for a whole turn', () => {
  test('15 requests in a row leave no abort listener on it, and Node warns of no leak', async () => {
    const requests = 15
    const server = await serve(
      Array.from({length: requests}, (_, i) => ({flavor: 'llamacpp' as const, text: `reply ${i}`})),
      {models: {flavor: 'llamacpp', ids: ['m']}},
    )
    const client = createOpenAIModelClient({api: server.url, retries: 0})
    const turn = new AbortController()
    const warnings: Error[] = []
    const onWarning = (warning: Error): void => {
      warnings.push(warning)
    }
    process.on('warning', onWarning)
    try {
      for (let i = 0; i < requests; i++) {
        const reply = await client.complete(request({signal: turn.signal}), () => {})
        expect(reply.content).toBe(`reply ${i}`)
      }
      expect(await client.listModels(turn.signal)).toEqual([{id: 'm', ownedBy: 'llamacpp'}])
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
    }
    expect(getEventListeners(turn.signal, 'abort')).toHaveLength(0)
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([])
  })

  test('an abort on the shared signal still stops the request in flight', async () => {
    const server = await serve([{hangAfterHeaders: true}])
    const client = createOpenAIModelClient({api: server.url, retries: 0})
    const turn = new AbortController()
    const running = client.complete(request({signal: turn.signal}), () => {})
    setTimeout(() => turn.abort(), 100)
    const error = await failureOf(running)
    expect(error.kind).toBe('aborted')
    expect(getEventListeners(turn.signal, 'abort')).toHaveLength(0)
  })
})
