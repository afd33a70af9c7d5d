import {PassThrough} from 'node:stream'

import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {adoptModelWindow} from '../../../src/cli/switches/model-window.js'
import {SwitchableModelClient} from '../../../src/cli/session/switchable-model-client.js'
import {modelCommand} from '../../../src/cli/terminal/model-command.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import type {ModelInspection, ModelInspectionOptions} from '../../../src/runtime/context/context-window.js'
import {ScriptedModel} from '../../support/fake-model.js'

/** A server that reports a window per model (null: says nothing), recording which models it was asked about. */
function serverSaying(windows: Record<string, number | null>) {
  const asked: string[] = []
  const inspect = async (options: ModelInspectionOptions): Promise<ModelInspection> => {
    asked.push(options.model)
    const tokens = windows[options.model] ?? null
    return {contextWindow: tokens === null ? null : {tokens, source: 'llama.cpp /props'}, toolSupport: null}
  }
  return {asked, inspect}
}

describe('adoptModelWindow', () => {
  test('a server that says the new window: the budget takes it', async () => {
    const budget = new ContextBudget(8192)
    const {asked, inspect} = serverSaying({big: 32768})
    const line = await adoptModelWindow('big', {budget, baseURL: 'http://127.0.0.1:1/v1', inspect})
    expect(asked).toEqual(['big'])
    expect(budget.contextTokens).toBe(32768)
    expect(line).toBe('context: 32k tokens (from llama.cpp /props)')
  })

  test('a server that does not say: the old window stays, and the line says so', async () => {
    const budget = new ContextBudget(8192)
    const line = await adoptModelWindow('mystery', {budget, baseURL: 'http://127.0.0.1:1/v1', inspect: serverSaying({}).inspect})
    expect(budget.contextTokens).toBe(8192)
    expect(line).toMatch(/did not say mystery's context window; keeping 8k tokens/)
  })

  test('an inspection that fails (stopped with Ctrl-C) keeps the old window', async () => {
    const budget = new ContextBudget(4096)
    const line = await adoptModelWindow('big', {budget, baseURL: 'http://127.0.0.1:1/v1', inspect: () => Promise.reject(new Error('aborted'))})
    expect(budget.contextTokens).toBe(4096)
    expect(line).toMatch(/keeping 4k tokens/)
  })

  test('a window the person set (--context) is kept and the server is not asked', async () => {
    const budget = new ContextBudget(16384)
    const {asked, inspect} = serverSaying({big: 32768})
    const line = await adoptModelWindow('big', {budget, baseURL: 'http://127.0.0.1:1/v1', configured: '--context', inspect})
    expect(asked).toEqual([])
    expect(budget.contextTokens).toBe(16384)
    expect(line).toBe('context: 16k tokens, as set by --context')
  })
})

describe('/model with a switch that adjusts the window', () => {
  async function switchWith(windows: Record<string, number | null>, wanted: string) {
    const budget = new ContextBudget(8192)
    const {inspect} = serverSaying(windows)
    const inner = new ScriptedModel([])
    const client = new SwitchableModelClient(inner, 'scripted', (model, signal) => adoptModelWindow(model, {budget, baseURL: inner.baseURL, inspect}, signal))
    const switched: string[] = []
    client.onSwitched = (model) => switched.push(model)
    client.listModels = async () => [{id: 'scripted'}, {id: 'big'}, {id: 'mystery'}]
    const out = new PassThrough()
    let written = ''
    out.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')))
    await modelCommand(client, [wanted], out, pc.createColors(false))
    await new Promise((resolve) => setImmediate(resolve))
    return {client, budget, switched, written}
  }

  test('switching to a model with a larger window: model, budget and listener all follow', async () => {
    const {client, budget, switched, written} = await switchWith({big: 65536}, 'big')
    expect(client.model).toBe('big')
    expect(budget.contextTokens).toBe(65536)
    expect(switched).toEqual(['big'])
    expect(written).toBe('model: big, from the next request\ncontext: 64k tokens (from llama.cpp /props)\n')
  })

  test('an unknown name switches nothing: no listener call, the budget as it was', async () => {
    const {client, budget, switched} = await switchWith({big: 65536}, 'nope')
    expect([client.model, budget.contextTokens, switched]).toEqual(['scripted', 8192, []])
  })
})
