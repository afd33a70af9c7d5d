import {expect, test} from '@jest/globals'

import {describeServerFacts, factsFromModelList, factsFromProps, type ServerFacts} from '../../../src/runtime/servers/server-facts.js'

test.each<[what: string, body: unknown, facts: ServerFacts]>([
  ['llama.cpp /props', {default_generation_settings: {n_ctx: 4096}, total_slots: 4, build_info: 'b6500-80fb11a'}, {contextTokens: 4096, totalSlots: 4, build: 'b6500-80fb11a'}],
  ['an older /props without build_info', {default_generation_settings: {n_ctx: 2048}, total_slots: 1}, {contextTokens: 2048, totalSlots: 1}],
  ['numbers as strings', {default_generation_settings: {n_ctx: '4096'}, total_slots: '4'}, {}],
  ['negative and fractional numbers', {default_generation_settings: {n_ctx: -1}, total_slots: 1.5}, {}],
  ['an empty build', {build_info: '  '}, {}],
  ['not an object', 'Not Found', {}],
  ['null', null, {}],
])('factsFromProps: %s', (_what, body, facts) => {
  expect(factsFromProps(body)).toEqual(facts)
})

test.each<[what: string, body: unknown, facts: ServerFacts]>([
  ['llama.cpp meta.n_ctx', {data: [{id: 'm', owned_by: 'llamacpp', meta: {n_ctx: 4096, n_ctx_train: 32768}}]}, {contextTokens: 4096}],
  ['vLLM max_model_len', {data: [{id: 'm', owned_by: 'vllm', max_model_len: 32768}]}, {contextTokens: 32768}],
  ['only n_ctx_train (the model maximum, not the allocation)', {data: [{id: 'm', meta: {n_ctx_train: 32768}}]}, {}],
  ['ollama, which says nothing', {data: [{id: 'm', owned_by: 'library'}]}, {}],
  ['ollama with nothing pulled', {data: null}, {}],
  ['no body', undefined, {}],
])('factsFromModelList: %s', (_what, body, facts) => {
  expect(factsFromModelList(body)).toEqual(facts)
})

test.each<[facts: ServerFacts, text: string]>([
  [{contextTokens: 4096, totalSlots: 4, build: 'b1-abc'}, 'context 4k · 4 slots sharing it · build b1-abc'],
  [{contextTokens: 4608, totalSlots: 1}, 'context 4.5k · 1 slot'],
  [{build: 'b2'}, 'build b2'],
  [{}, ''],
])('describeServerFacts(%j)', (facts, text) => {
  expect(describeServerFacts(facts)).toBe(text)
})
