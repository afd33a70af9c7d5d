/** Issue-5 behaviour through the built CLI: what real local servers and small models do, end to end. */
import {beforeEach, expect, test} from '@jest/globals'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import type {WireTurn} from '../support/wire-server.js'

const e2e = useE2E()

beforeEach(async () => {
  await writeFile(path.join(e2e.sandbox.workspace, 'notes.txt'), 'remember the milk\n')
})

interface Body {
  tools?: unknown[]
  max_tokens?: number
  messages: Array<{role: string; content: string | null; tool_calls?: unknown[]}>
}

async function run(turns: WireTurn[], args: string[] = [], models?: {flavor: 'llamacpp' | 'ollama' | 'vllm'; ids: string[]; contextLength?: number}) {
  await e2e.serve(turns, models ? {models} : {})
  const result = await e2e.sandbox.run(['run', 'what is in notes.txt?', '--api', e2e.server.url, ...args])
  const bodies = e2e.server.requests.filter((r) => r.path.startsWith('/v1/chat/completions')).map((r) => r.body as Body)
  return {...result, bodies}
}

const MODEL = ['--model', 'qwen2.5-coder:7b']

test('ollama refusing tools: one notice with the fix, then tools described in the prompt and calls read from text', async () => {
  const {code, stdout, stderr, bodies} = await run(
    [
      {status: 400, body: {error: {message: 'registry.ollama.ai/library/gemma3:270m does not support tools', type: 'invalid_request_error', param: null, code: null}}},
      {flavor: 'ollama', text: '<tool_call>\n{"name": "read_file", "arguments": {"path": "notes.txt"}}\n</tool_call>'},
      {flavor: 'ollama', text: 'It says: remember the milk.'},
    ],
    MODEL,
  )
  expect(code).toBe(0)
  expect(stdout).toBe('It says: remember the milk.\n')
  expect(stderr).toMatch(/refused the tools field.*does not support tools.*described in the prompt/)
  expect(bodies[0].tools?.length).toBeGreaterThan(0)
  expect(bodies[1].tools).toBeUndefined()
  expect(bodies[1].messages[0].content).toContain('<tool_call>')
  const last = bodies[2].messages.at(-1)
  expect(last?.role).toBe('user')
  expect(last?.content).toContain('remember the milk')
})

test.each<[string, string]>([
  ['Qwen3-Coder XML', '<tool_call>\n<function=read_file>\n<parameter=path>\nnotes.txt\n</parameter>\n</function>\n</tool_call>'],
  ['Llama python_tag', '<|python_tag|>{"name": "read_file", "parameters": {"path": "notes.txt"}}<|eom_id|>'],
  ['Mistral TOOL_CALLS', '[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "notes.txt"}}]'],
  ['a bare JSON object', '{"name": "read_file", "arguments": {"path": "notes.txt"}}'],
])('a %s call in the content runs and is not printed', async (_format, content) => {
  const {code, stdout, bodies} = await run([{flavor: 'vllm', text: [content]}, {flavor: 'vllm', text: 'It says to remember the milk.'}], MODEL)
  expect(code).toBe(0)
  expect(stdout).toBe('It says to remember the milk.\n')
  const tool = bodies[1].messages.find((m) => m.role === 'tool')
  expect(tool?.content).toContain('remember the milk')
})

test("JSON the model only shows in prose is printed, not run", async () => {
  const prose = 'A call looks like ```json\n{"name": "read_file", "arguments": {"path": "notes.txt"}}\n``` — shall I run it?'
  const {code, stdout, bodies} = await run([{flavor: 'ollama', text: [prose]}], MODEL)
  expect(code).toBe(0)
  expect(stdout).toBe(`${prose}\n`)
  expect(bodies).toHaveLength(1)
})

test('llama.cpp "context exceeded" with nothing to compact explains instead of looping', async () => {
  const {code, stdout, stderr, bodies} = await run(
    [
      {status: 400, body: {error: {code: 400, message: 'request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 9214, n_ctx: 8192}}},
      {flavor: 'llamacpp', text: 'The milk.'},
    ],
    MODEL,
  )
  // Nothing older than this turn to summarise: the CLI explains instead of looping.
  expect(code).toBe(1)
  expect(stderr).toMatch(/does not fit the model's context \(8k\)/)
  expect(bodies).toHaveLength(1)
  expect(stdout).toBe('')
})

test('"context exceeded" after big tool results: the older results are cut down and the request is retried once', async () => {
  await writeFile(path.join(e2e.sandbox.workspace, 'big.txt'), 'lorem ipsum dolor\n'.repeat(400))
  const read = {name: 'read_file', arguments: {path: 'big.txt'}}
  const {code, stdout, stderr, bodies} = await run(
    [
      {flavor: 'llamacpp', toolCalls: [read, read, read]},
      {status: 400, body: {error: {code: 400, message: 'request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it', type: 'exceed_context_size_error'}}},
      {flavor: 'llamacpp', text: 'Lorem ipsum, three times.'},
    ],
    MODEL,
  )
  expect(code).toBe(0)
  expect(stdout).toBe('Lorem ipsum, three times.\n')
  expect(stderr).toMatch(/compacted: the server said the context is full/)
  const results = (body: Body) => body.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '')
  expect(results(bodies[1]).map((text) => text.length)).toEqual(results(bodies[2]).map(() => expect.any(Number)))
  expect(results(bodies[2])[0]).toMatch(/characters dropped to save context/)
  expect(results(bodies[2])[0].length).toBeLessThan(results(bodies[1])[0].length)
  expect(results(bodies[2])[2]).toBe(results(bodies[1])[2])
})

test('a 503 while the model loads is retried, and the answer arrives', async () => {
  const {code, stdout, bodies} = await run([{status: 503, body: {error: {message: 'Loading model', type: 'unavailable_error', code: 503}}}, {flavor: 'llamacpp', text: 'Loaded.'}], MODEL)
  expect(code).toBe(0)
  expect(stdout).toBe('Loaded.\n')
  expect(bodies).toHaveLength(2)
})

test('the context size comes from the server and bounds max_tokens', async () => {
  const {code, bodies} = await run([{flavor: 'vllm', text: 'ok'}], MODEL, {flavor: 'vllm', ids: ['qwen2.5-coder:7b'], contextLength: 4096})
  expect(code).toBe(0)
  expect(bodies[0].max_tokens).toBeLessThanOrEqual(4096)
  expect(bodies[0].max_tokens).toBeGreaterThan(256)
})

test('a model outside the known families gets one warning line; --force silences it', async () => {
  const warned = await run([{flavor: 'ollama', text: 'hi'}], ['--model', 'phi3:mini'])
  expect(warned.code).toBe(0)
  expect(warned.stderr.split('\n').filter((line) => line.includes('phi3:mini'))).toHaveLength(1)
  const forced = await run([{flavor: 'ollama', text: 'hi'}], ['--model', 'phi3:mini', '--force'])
  expect(forced.stderr).not.toContain('phi3:mini')
})

test('without --model, the only model the server lists is used', async () => {
  const {code, bodies} = await run([{flavor: 'llamacpp', text: 'hi'}], [], {flavor: 'llamacpp', ids: ['Qwen3-14B-Q4_K_M.gguf']})
  expect(code).toBe(0)
  expect((e2e.server.requests.find((r) => r.path.startsWith('/v1/chat'))?.body as {model: string}).model).toBe('Qwen3-14B-Q4_K_M.gguf')
  expect(bodies).toHaveLength(1)
})

test('with several models and no terminal, the first is used and that is said on stderr', async () => {
  const {code, stderr} = await run([{flavor: 'ollama', text: 'hi'}], [], {flavor: 'ollama', ids: ['qwen2.5-coder:7b', 'llama3.1:8b']})
  expect(code).toBe(0)
  expect(stderr).toContain('using model qwen2.5-coder:7b (the server has 2; choose with --model)')
})
