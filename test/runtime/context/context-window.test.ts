import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {inspectModel, type ContextWindow, type ModelInspectionOptions} from '../../../src/runtime/context/context-window.js'
import type {ServerKind} from '../../../src/runtime/servers/discovery.js'
import {
  closedPorts,
  lmStudioFallback,
  llamaCppNotFound,
  ollamaShow,
  shapes,
  startFakeServer,
  startSilentServer,
  type FakeServer,
  type Reply,
  type Routes,
} from '../../support/local-server-fixtures.js'

const fixtures: Record<string, [Routes, ((method: string, path: string) => Reply)?]> = {
  ollama: [shapes.ollama],
  ollamaNamespaced: [shapes.ollamaNamespaced],
  /** Nothing loaded, and /api/show has no num_ctx: only model_info's maximum, which must not be used. */
  ollamaNoNumCtx: [{...shapes.ollama, 'GET /api/ps': {json: {models: []}}, 'POST /api/show': ollamaShow('stop "<|im_end|>"', ['completion'])}],
  /** ollama before capabilities existed in /api/show. */
  ollamaOld: [{...shapes.ollama, 'GET /api/ps': {json: {models: []}}, 'POST /api/show': ollamaShow('num_ctx 2048')}],
  llamaCpp: [shapes.llamaCpp, llamaCppNotFound],
  llamaCppOlder: [shapes.llamaCppOlder, llamaCppNotFound],
  lmStudio: [shapes.lmStudio, lmStudioFallback],
  lmStudio03: [shapes.lmStudio03, lmStudioFallback],
  vllm: [shapes.vllm, () => ({status: 404, json: {detail: 'Not Found'}})],
  koboldcpp: [shapes.koboldcpp],
  errorToEverything: [{}, lmStudioFallback],
}

const servers: Record<string, FakeServer> = {}

beforeAll(async () => {
  for (const [name, [routes, fallback]] of Object.entries(fixtures)) servers[name] = await startFakeServer(routes, fallback)
  servers.silent = await startSilentServer()
})

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()))
})

const window = (tokens: number, source: string): ContextWindow => ({tokens, source})
const contextWindowOf = async (options: ModelInspectionOptions) => (await inspectModel(options)).contextWindow
const toolSupportOf = async (options: ModelInspectionOptions) => (await inspectModel(options)).toolSupport

// [fixture, kind discovery reported, model, expected]
const contextCases: Array<[string, ServerKind, string, ContextWindow | null]> = [
  ['llamaCpp', 'llama.cpp', 'qwen2.5-coder:7b', window(8192, 'llama.cpp /v1/models meta.n_ctx')],
  ['llamaCpp', 'hydra-llm', 'any-name-works', window(8192, 'llama.cpp /v1/models meta.n_ctx')],
  ['llamaCppOlder', 'llama.cpp', 'model.gguf', window(4096, 'llama.cpp /props')],
  ['ollama', 'ollama', 'qwen2.5-coder:7b', window(8192, 'ollama /api/ps')],
  ['ollama', 'ollama', 'gemma3:270m', window(4096, 'ollama /api/ps')],
  ['ollamaNamespaced', 'ollama', 'jmorgan/qwen-coder', window(12288, 'ollama /api/ps')],
  ['ollamaOld', 'ollama', 'qwen2.5-coder:7b', window(2048, 'ollama /api/show num_ctx')],
  ['ollamaNoNumCtx', 'ollama', 'qwen2.5-coder:7b', null],
  ['lmStudio', 'lmstudio', 'qwen2.5-7b-instruct', window(16384, 'LM Studio /api/v1/models')],
  ['lmStudio', 'lmstudio', 'gemma-3-270m-it', null],
  ['lmStudio03', 'lmstudio', 'qwen2.5-7b-instruct', window(4096, 'LM Studio /api/v0/models')],
  ['lmStudio03', 'lmstudio', 'gemma-3-270m-it', null],
  ['vllm', 'vllm', 'Qwen/Qwen2.5-7B-Instruct', window(32768, 'vLLM /v1/models max_model_len')],
  ['koboldcpp', 'koboldcpp', 'koboldcpp/qwen2.5-coder-7b', window(8192, 'koboldcpp /api/extra/true_max_context_length')],
  ['errorToEverything', 'lmstudio', 'qwen2.5-7b-instruct', null],
]

describe('inspectModel: the context window, with the kind discovery reported', () => {
  test.each(contextCases)('%s (%s) %s → %j', async (name, server, model, expected) => {
    expect(await contextWindowOf({baseURL: servers[name].baseURL, server, model})).toEqual(expected)
  })
})

describe('inspectModel: the context window, with the kind unknown', () => {
  test.each(contextCases)('%s (really %s) %s → %j', async (name, _server, model, expected) => {
    expect(await contextWindowOf({baseURL: servers[name].baseURL, model})).toEqual(expected)
    expect(await contextWindowOf({baseURL: `${servers[name].baseURL}/`, server: 'openai-compatible', model})).toEqual(expected)
  })
})

test('asks ollama /api/show with the model name', async () => {
  const server = servers.ollamaOld
  await contextWindowOf({baseURL: server.baseURL, server: 'ollama', model: 'qwen2.5-coder:7b'})
  expect(server.requests).toContainEqual({method: 'POST', path: '/api/show', body: {model: 'qwen2.5-coder:7b'}})
})

test('a server that accepts and never answers gives nulls, not a hang', async () => {
  expect(await inspectModel({baseURL: servers.silent.baseURL, model: 'm', timeoutMs: 150})).toEqual({contextWindow: null, toolSupport: null})
})

test.each(['http', 'https'])('nothing listening at an %s URL gives nulls', async (scheme) => {
  const [port] = await closedPorts(1)
  expect(await inspectModel({baseURL: `${scheme}://127.0.0.1:${port}/v1`, model: 'm'})).toEqual({contextWindow: null, toolSupport: null})
})

test('an aborted signal rejects', async () => {
  const controller = new AbortController()
  const detection = inspectModel({baseURL: servers.silent.baseURL, model: 'm', signal: controller.signal})
  controller.abort(new Error('stopped by the user'))
  await expect(detection).rejects.toThrow('stopped by the user')
})

describe('inspectModel: tool support', () => {
  const toolCases: Array<[string, ServerKind, string, boolean | null]> = [
    ['ollama', 'ollama', 'qwen2.5-coder:7b', true],
    ['ollamaNoNumCtx', 'ollama', 'gemma3:270m', false],
    ['ollamaOld', 'ollama', 'qwen2.5-coder:7b', null],
    ['lmStudio', 'lmstudio', 'qwen2.5-7b-instruct', true],
    ['lmStudio', 'lmstudio', 'gemma-3-270m-it', false],
    ['lmStudio03', 'lmstudio', 'qwen2.5-7b-instruct', true],
    ['llamaCpp', 'llama.cpp', 'qwen2.5-coder:7b', null],
    ['vllm', 'vllm', 'Qwen/Qwen2.5-7B-Instruct', null],
    ['errorToEverything', 'openai-compatible', 'x', null],
  ]
  test.each(toolCases)('%s (%s) %s → %s', async (name, server, model, expected) => {
    expect(await toolSupportOf({baseURL: servers[name].baseURL, server, model})).toBe(expected)
    expect(await toolSupportOf({baseURL: servers[name].baseURL, model})).toBe(expected)
  })
})

test('inspectModel answers both from one /api/show', async () => {
  const server = await startFakeServer({...shapes.ollama, 'GET /api/ps': {json: {models: []}}})
  try {
    const inspection = await inspectModel({baseURL: server.baseURL, server: 'ollama', model: 'qwen2.5-coder:7b'})
    expect(inspection).toEqual({contextWindow: window(16384, 'ollama /api/show num_ctx'), toolSupport: true})
    expect(server.requests.filter((request) => request.path === '/api/show')).toHaveLength(1)
  } finally {
    await server.close()
  }
})
