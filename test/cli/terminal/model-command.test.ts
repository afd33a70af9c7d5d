import {PassThrough} from 'node:stream'

import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {SwitchableModelClient} from '../../../src/cli/session/switchable-model-client.js'
import {modelCommand, type ModelSwitch} from '../../../src/cli/terminal/model-command.js'
import type {ModelClient, ModelRequest} from '../../../src/runtime/model/model-client.js'

async function run(models: ModelSwitch | undefined, args: string[]): Promise<string> {
  const out = new PassThrough()
  let written = ''
  out.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8')
  })
  await modelCommand(models, args, out, pc.createColors(false))
  await new Promise((resolve) => setImmediate(resolve))
  return written
}

const listing = (model: string, ids: string[]): ModelSwitch => ({model, listModels: async () => ids.map((id) => ({id}))})

describe('/model', () => {
  test('lists the models with the current one marked', async () => {
    expect(await run(listing('b', ['a', 'b']), [])).toBe('  a\n● b (current)\n/model NAME switches for the next request\n')
  })

  test('says when the current model is not in the server list', async () => {
    expect(await run(listing('gone', ['a']), [])).toContain('current: gone (not in the server\'s list)')
  })

  test('switches to a listed model', async () => {
    const models = listing('a', ['a', 'b'])
    expect(await run(models, ['b'])).toBe('model: b, from the next request\n')
    expect(models.model).toBe('b')
  })

  test.each([
    [['a', 'b'], 'no model c on this server; the models: a, b\n'],
    [[], 'no model c on this server; the models: (none listed)\n'],
  ])('an unknown name with the server listing %j is one line and changes nothing', async (ids, line) => {
    const models = listing('a', ids)
    expect(await run(models, ['c'])).toBe(line)
    expect(models.model).toBe('a')
  })

  test('a server that cannot list its models is one line', async () => {
    const failing: ModelSwitch = {model: 'a', listModels: async () => Promise.reject(new Error('connection refused'))}
    expect(await run(failing, [])).toBe("could not list the server's models: connection refused\n")
  })

  test('a session without a switch says so', async () => {
    expect(await run(undefined, ['b'])).toBe('the model cannot be changed in this session\n')
  })
})

describe('SwitchableModelClient', () => {
  test('each request carries the model in force when it is sent', async () => {
    const sent: string[] = []
    const inner: ModelClient = {
      baseURL: 'http://127.0.0.1:1/v1',
      listModels: async () => [],
      complete: async (request: ModelRequest) => {
        sent.push(request.model)
        return {content: '', reasoning: '', toolCalls: [], finishReason: 'stop'}
      },
      close: async () => undefined,
    }
    const client = new SwitchableModelClient(inner, 'first')
    const request = {model: 'ignored', messages: [], tools: [], signal: new AbortController().signal}
    await client.complete(request, () => undefined)
    client.model = 'second'
    await client.complete(request, () => undefined)
    expect(sent).toEqual(['first', 'second'])
  })
})
