/** discover shows what a person picks a server by: context as allocated, slots, build. Real HTTP on 127.0.0.1. */
import {afterEach, beforeEach, expect, test} from '@jest/globals'

import {type FakeServer, type Reply, startFakeServer} from '../support/local-server-fixtures.js'
import {createSandbox, type Sandbox} from '../support/run-cli.js'

let sandbox: Sandbox
let server: FakeServer | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await server?.close()
  server = undefined
  await sandbox.cleanup()
})

const llamaCppModels: Reply = {json: {object: 'list', data: [{id: 'tiny-qwen2', object: 'model', owned_by: 'llamacpp', meta: {n_ctx: 4096, n_ctx_train: 32768}}]}}
const props: Reply = {json: {default_generation_settings: {n_ctx: 4096, params: {}}, total_slots: 4, build_info: 'b6500-80fb11a', model_alias: 'tiny-qwen2'}}

async function discover(routes: Record<string, Reply>, json: boolean) {
  server = await startFakeServer(routes)
  const args = json ? ['discover', '--json'] : ['discover']
  return sandbox.run(args, {env: {LILLYCODER_DISCOVERY_PORTS: String(server.port)}})
}

test('llama.cpp: the model, the context as allocated, the slots and the build', async () => {
  const result = await discover({'GET /v1/models': llamaCppModels, 'GET /props': props}, true)
  expect(result.code).toBe(0)
  expect(JSON.parse(result.stdout)).toEqual([{url: server!.baseURL, server: 'llama.cpp', models: ['tiny-qwen2'], context: 4096, slots: 4, build: 'b6500-80fb11a'}])
  const plain = await sandbox.run(['discover'], {env: {LILLYCODER_DISCOVERY_PORTS: String(server!.port)}})
  expect(plain.stdout).toContain(`llama.cpp at ${server!.baseURL} (1 model; context 4k · 4 slots sharing it · build b6500-80fb11a)`)
  expect(plain.stdout).toContain('  tiny-qwen2')
})

test.each<[what: string, propsReply: Reply, listed: Record<string, unknown>]>([
  ['no /props (404)', {status: 404, json: {error: {code: 404, message: 'File Not Found', type: 'not_found_error'}}}, {context: 4096}],
  ['/props with strings for numbers', {json: {default_generation_settings: {n_ctx: 'big'}, total_slots: 'four'}}, {context: 4096}],
  ['/props that is not JSON', {text: '<html>nope</html>', contentType: 'text/html'}, {context: 4096}],
])('llama.cpp with %s: what it said, nothing made up', async (_what, propsReply, listed) => {
  const result = await discover({'GET /v1/models': llamaCppModels, 'GET /props': propsReply}, true)
  expect(result.code).toBe(0)
  expect(JSON.parse(result.stdout)).toEqual([{url: server!.baseURL, server: 'llama.cpp', models: ['tiny-qwen2'], ...listed}])
})

test('vLLM: max_model_len as the context; it has no slots or build to show', async () => {
  const result = await discover({'GET /v1/models': {json: {object: 'list', data: [{id: 'Qwen/Qwen2.5-7B', owned_by: 'vllm', max_model_len: 32768}]}}}, true)
  expect(JSON.parse(result.stdout)).toEqual([{url: server!.baseURL, server: 'vllm', models: ['Qwen/Qwen2.5-7B'], context: 32768}])
})
