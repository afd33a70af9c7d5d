import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {type Asker, askNumberedChoice, chooseModel} from '../../../src/cli/session/choose-model.js'
import {chooseServer, resolveEndpoint} from '../../../src/cli/session/resolve-endpoint.js'
import {ExitCode, UserError} from '../../../src/cli/user-error.js'
import type {DiscoveredServer} from '../../../src/runtime/servers/discovery.js'
import type {ModelClient} from '../../../src/runtime/model/model-client.js'
import {llamaCppNotFound, shapes, startFakeServer, type FakeServer} from '../../support/local-server-fixtures.js'

/** Answers from a script, and records every question and everything printed, in order. */
function scriptedAsker(answers: Array<string | null>): Asker & {transcript: string[]} {
  const transcript: string[] = []
  return {
    transcript,
    print: (text) => transcript.push(text),
    ask: async (question) => {
      transcript.push(question)
      if (answers.length === 0) throw new Error(`asked more than scripted: ${question}`)
      return answers.shift() ?? null
    },
  }
}

function modelServer(ids: string[]): ModelClient & {listed: number} {
  return {
    baseURL: 'http://127.0.0.1:9/v1',
    listed: 0,
    async listModels() {
      this.listed++
      return ids.map((id) => ({id}))
    },
    complete: () => Promise.reject(new Error('not used here')),
    close: async () => {},
  }
}

const warnings = () => {
  const said: string[] = []
  return {said, warn: (message: string) => void said.push(message)}
}

describe('askNumberedChoice', () => {
  const fruit = ['apple', 'banana', 'cherry']
  const choice = {heading: 'fruit here:', items: fruit, label: (item: string) => item.toUpperCase(), noun: 'fruit', cancelled: () => new Error('none')}

  test.each<[string, Array<string | null>, string]>([
    ['Enter takes the first', [''], 'apple'],
    ['a number picks by position', ['3'], 'cherry'],
    ['spaces around the number are fine', ['  2 '], 'banana'],
    ['out of range, then a word, then a number', ['0', '4', 'pear', '2'], 'banana'],
  ])('%s', async (_name, answers, chosen) => {
    expect(await askNumberedChoice(scriptedAsker(answers), choice)).toBe(chosen)
  })

  test('shows the list once, then asks, and says what to type after a wrong answer', async () => {
    const asker = scriptedAsker(['9', '1'])
    await askNumberedChoice(asker, choice)
    expect(asker.transcript).toEqual([
      'fruit here:\n  1. APPLE\n  2. BANANA\n  3. CHERRY\n',
      'fruit [1-3, Enter = 1]: ',
      '  type a number from 1 to 3\n',
      'fruit [1-3, Enter = 1]: ',
    ])
  })

  test('text the choice knows is taken, and the hint names it', async () => {
    const asker = scriptedAsker(['kiwi', 'Cherry'])
    const byText = (text: string) => fruit.find((item) => item.toLowerCase() === text.toLowerCase())
    expect(await askNumberedChoice(asker, {...choice, byText, orText: 'a fruit name'})).toBe('cherry')
    expect(asker.transcript).toContain('  type a number from 1 to 3, or a fruit name\n')
  })

  test('a cancelled prompt throws what the choice says', async () => {
    await expect(askNumberedChoice(scriptedAsker([null]), choice)).rejects.toThrow('none')
  })
})

describe('chooseModel', () => {
  test('--model wins without asking the server', async () => {
    const server = modelServer(['a', 'b'])
    expect(await chooseModel(server, 'mine', {warn: () => {}})).toBe('mine')
    expect(server.listed).toBe(0)
  })

  test('no models is an endpoint error', async () => {
    await expect(chooseModel(modelServer([]), undefined, {warn: () => {}})).rejects.toThrow(
      expect.objectContaining({exitCode: ExitCode.endpoint, message: expect.stringContaining('lists no models')}),
    )
  })

  test('one model is used without a word', async () => {
    const {said, warn} = warnings()
    expect(await chooseModel(modelServer(['only']), undefined, {asker: scriptedAsker([]), warn})).toBe('only')
    expect(said).toEqual([])
  })

  test('headless takes the first of several and warns, printing nothing else', async () => {
    const {said, warn} = warnings()
    expect(await chooseModel(modelServer(['a', 'b', 'c']), undefined, {warn})).toBe('a')
    expect(said).toEqual(['using model a (the server has 3; choose with --model)'])
  })

  test('with someone to ask, a number or a model id chooses', async () => {
    const byNumber = scriptedAsker(['2'])
    expect(await chooseModel(modelServer(['a', 'b']), undefined, {asker: byNumber, warn: () => {}})).toBe('b')
    expect(byNumber.transcript[0]).toBe('http://127.0.0.1:9/v1 has 2 models:\n  1. a\n  2. b\n')
    expect(await chooseModel(modelServer(['a', 'b']), undefined, {asker: scriptedAsker(['3', 'b']), warn: () => {}})).toBe('b')
  })

  test('a model id made of digits is still found by id', async () => {
    expect(await chooseModel(modelServer(['a', '42']), undefined, {asker: scriptedAsker(['42']), warn: () => {}})).toBe('42')
  })

  test('cancelling is a usage error', async () => {
    const choosing = chooseModel(modelServer(['a', 'b']), undefined, {asker: scriptedAsker([null]), warn: () => {}})
    await expect(choosing).rejects.toThrow(new UserError('no model chosen'))
  })
})

describe('chooseServer', () => {
  const server = (port: number): DiscoveredServer => ({url: `http://127.0.0.1:${port}/v1`, port, server: 'ollama', models: ['m']})

  test.each<[Array<string | null>, boolean]>([
    [[''], true],
    [['y'], true],
    [['yes'], true],
    [['n'], false],
    [['No'], false],
    [[null], false],
  ])('one server: %j → used=%s', async (answers, used) => {
    const choosing = chooseServer([server(11434)], scriptedAsker(answers))
    if (used) expect(await choosing).toEqual(server(11434))
    else await expect(choosing).rejects.toThrow('no server chosen; pass --api http://127.0.0.1:PORT/v1')
  })

  test('several servers: a numbered choice', async () => {
    const asker = scriptedAsker(['x', '2'])
    expect(await chooseServer([server(11434), server(8080)], asker)).toEqual(server(8080))
    expect(asker.transcript).toEqual([
      'found 2 model servers:\n  1. ollama at http://127.0.0.1:11434/v1 (1 model)\n  2. ollama at http://127.0.0.1:8080/v1 (1 model)\n',
      'server [1-2, Enter = 1]: ',
      '  type a number from 1 to 2\n',
      'server [1-2, Enter = 1]: ',
    ])
  })
})

describe('resolveEndpoint', () => {
  let llama: FakeServer
  const savedPorts = process.env.LILLYCODER_DISCOVERY_PORTS
  beforeAll(async () => {
    llama = await startFakeServer(shapes.llamaCpp, llamaCppNotFound)
    process.env.LILLYCODER_DISCOVERY_PORTS = String(llama.port)
  })
  afterAll(async () => {
    if (savedPorts === undefined) delete process.env.LILLYCODER_DISCOVERY_PORTS
    else process.env.LILLYCODER_DISCOVERY_PORTS = savedPorts
    await llama.close()
  })

  test('--api, then the saved choice, come before discovery', async () => {
    expect(await resolveEndpoint('http://a/v1', {saved: 'http://b/v1', warn: () => {}})).toBe('http://a/v1')
    expect(await resolveEndpoint(undefined, {saved: 'http://b/v1', warn: () => {}})).toBe('http://b/v1')
  })

  test('headless, a discovered server is used with a warning', async () => {
    const {said, warn} = warnings()
    expect(await resolveEndpoint(undefined, {warn})).toBe(llama.baseURL)
    expect(said).toEqual([`using llama.cpp at ${llama.baseURL} (1 model; context 2k · 4 slots sharing it)`])
  })

  test('with someone to ask, the server is offered first', async () => {
    const {said, warn} = warnings()
    const asker = scriptedAsker(['y'])
    expect(await resolveEndpoint(undefined, {asker, warn})).toBe(llama.baseURL)
    expect(asker.transcript).toEqual([`found llama.cpp at ${llama.baseURL} (1 model; context 2k · 4 slots sharing it) — use it? [Y/n] `])
    expect(said).toEqual([])
  })
})
