import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {
  DEFAULT_DISCOVERY_PORTS,
  describeServer,
  discoverServers,
  discoveryPorts,
  formatPortList,
  identifyServer,
  noServerFoundMessage,
  parsePortList,
  type DiscoveredServer,
  type ServerKind,
} from '../../../src/runtime/servers/discovery.js'
import {
  closedPorts,
  lmStudioFallback,
  llamaCppNotFound,
  shapes,
  startFakeServer,
  startHangUpServer,
  startSilentServer,
  type FakeServer,
} from '../../support/local-server-fixtures.js'

// Generous: on a loaded machine a 400 ms budget let probes of answering servers time out, and ollama was taken for
// openai-compatible. Only the silent server waits it out, once, since every port is probed at the same time.
const TIMEOUT_MS = 3000

describe('discoverServers against real servers on 127.0.0.1', () => {
  const servers: Record<string, FakeServer> = {}
  let found: DiscoveredServer[] = []

  beforeAll(async () => {
    const started = await Promise.all([
      startFakeServer(shapes.ollama),
      startFakeServer(shapes.ollamaNamespaced),
      startFakeServer(shapes.ollamaEmpty),
      startFakeServer(shapes.ollamaNative),
      startFakeServer(shapes.llamaCpp, llamaCppNotFound),
      startFakeServer(shapes.lmStudio, lmStudioFallback),
      startFakeServer(shapes.vllm, () => ({status: 404, json: {detail: 'Not Found'}})),
      startFakeServer(shapes.koboldcpp),
      startFakeServer(shapes.gpt4all),
      startFakeServer(shapes.jan),
      startFakeServer(shapes.localAi),
      startSilentServer(),
      startHangUpServer(),
      startFakeServer({}, () => ({status: 404, text: '<!DOCTYPE html><html><body>Not Found</body></html>', contentType: 'text/html'})),
      startFakeServer({}, () => ({status: 401, text: '<html><body>Please log in</body></html>', contentType: 'text/html'})),
      startFakeServer({}, lmStudioFallback), // 200 {"error":…} to every path, /v1/models included
      startFakeServer({'GET /api/version': {json: {version: '3.1.0'}}}), // some web app: /api/version alone proves nothing
      startFakeServer({'GET /v1/models': {json: {data: 'none'}}}),
      // llama.cpp 2025 without a model list: /api/tags alone does not make ollama
      startFakeServer({'GET /api/tags': shapes.llamaCpp['GET /api/tags']}, llamaCppNotFound),
    ])
    const names = [
      'ollama', 'ollamaNamespaced', 'ollamaEmpty', 'ollamaNative', 'llamaCpp', 'lmStudio', 'vllm', 'koboldcpp', 'gpt4all',
      'jan', 'localAi', 'silent', 'hangUp', 'html404', 'html401', 'errorToEverything', 'versionOnly', 'notAList',
      'tagsOnly',
    ]
    names.forEach((name, i) => (servers[name] = started[i]))
    found = await discoverServers({ports: started.map((server) => server.port), timeoutMs: TIMEOUT_MS})
  })

  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()))
  })

  // Test ports are random, so port hints never apply here: kinds come from what each server says.
  const counted: Array<[name: string, server: ServerKind, models: string[], needsKey: boolean]> = [
    ['ollama', 'ollama', ['qwen2.5-coder:7b', 'gemma3:270m'], false],
    ['ollamaNamespaced', 'ollama', ['jmorgan/qwen-coder:latest'], false],
    ['ollamaEmpty', 'ollama', [], false],
    ['ollamaNative', 'ollama', ['llama2:latest'], false],
    ['llamaCpp', 'llama.cpp', ['qwen2.5-coder:7b'], false],
    ['lmStudio', 'lmstudio', ['qwen2.5-7b-instruct', 'gemma-3-270m-it'], false],
    ['vllm', 'vllm', ['Qwen/Qwen2.5-7B-Instruct'], false],
    ['koboldcpp', 'koboldcpp', ['koboldcpp/qwen2.5-coder-7b'], false],
    ['gpt4all', 'gpt4all', ['Llama 3 8B Instruct'], false],
    ['jan', 'openai-compatible', [], true],
    ['localAi', 'openai-compatible', ['gpt-4', 'whisper-1'], false],
  ]
  test.each(counted)('%s is found as %s', (name, server, models, needsKey) => {
    const port = servers[name].port
    const expected: DiscoveredServer = {url: `http://127.0.0.1:${port}/v1`, port, server, models}
    if (needsKey) expected.needsKey = true
    // What the server said of its context, slots and build (`facts`) is tested in server-facts and discover-facts.
    const {facts: _facts, ...entry} = found.find((candidate) => candidate.port === port) ?? {}
    expect(entry).toEqual(expected)
  })

  test.each(['silent', 'hangUp', 'html404', 'html401', 'errorToEverything', 'versionOnly', 'notAList', 'tagsOnly'])(
    '%s is not counted',
    (name) => {
      expect(found.map((entry) => entry.port)).not.toContain(servers[name].port)
    },
  )

  test('finds exactly the counted servers, sorted by port', () => {
    const expectedPorts = counted.map(([name]) => servers[name].port).sort((a, b) => a - b)
    expect(found.map((entry) => entry.port)).toEqual(expectedPorts)
  })

  test('asks LM Studio nothing beyond its model list once owned_by names it', () => {
    expect(servers.lmStudio.requests.map(({method, path}) => `${method} ${path}`)).toEqual(['GET /v1/models'])
  })

  test('LILLYCODER_DISCOVERY_PORTS chooses the ports when none are passed', async () => {
    const saved = process.env.LILLYCODER_DISCOVERY_PORTS
    process.env.LILLYCODER_DISCOVERY_PORTS = `${servers.vllm.port}, ${servers.html404.port}`
    try {
      const viaEnv = await discoverServers({timeoutMs: TIMEOUT_MS})
      expect(viaEnv.map((entry) => [entry.port, entry.server])).toEqual([[servers.vllm.port, 'vllm']])
    } finally {
      if (saved === undefined) delete process.env.LILLYCODER_DISCOVERY_PORTS
      else process.env.LILLYCODER_DISCOVERY_PORTS = saved
    }
  })

  test('an aborted signal rejects the scan', async () => {
    const controller = new AbortController()
    const scan = discoverServers({ports: [servers.silent.port], timeoutMs: 10_000, signal: controller.signal})
    controller.abort(new Error('stopped by the user'))
    await expect(scan).rejects.toThrow('stopped by the user')
  })
})

test('a scan over closed ports finds nothing', async () => {
  expect(await discoverServers({ports: await closedPorts(5)})).toEqual([])
})

describe('the port table', () => {
  const seedPorts = [11434, 11435, 8080, 8000, 5001, 1234, 4891, 18080, 18092, 8201, 9090, 9091]
  test.each(seedPorts)('includes seed port %i', (port) => {
    expect(DEFAULT_DISCOVERY_PORTS).toContain(port)
  })

  test.each([1337, 5000, 18079, 18099])('includes %i', (port) => {
    expect(DEFAULT_DISCOVERY_PORTS).toContain(port)
  })

  test('covers the whole hydra-llm range 18079–18099', () => {
    const hydra = DEFAULT_DISCOVERY_PORTS.filter((port) => port >= 18079 && port <= 18099)
    expect(hydra).toHaveLength(21)
  })

  test('uses LILLYCODER_DISCOVERY_PORTS when set, the table otherwise', () => {
    expect(discoveryPorts({LILLYCODER_DISCOVERY_PORTS: '9000-9002,8081'})).toEqual([8081, 9000, 9001, 9002])
    expect(discoveryPorts({})).toEqual([...DEFAULT_DISCOVERY_PORTS])
    expect(() => discoveryPorts({LILLYCODER_DISCOVERY_PORTS: 'ollama'})).toThrow(/LILLYCODER_DISCOVERY_PORTS: "ollama"/)
  })
})

describe('parsePortList', () => {
  test.each([
    ['11434', [11434]],
    ['18079-18081', [18079, 18080, 18081]],
    [' 8080 , 1234,8080 ', [1234, 8080]],
    ['5000 - 5001,', [5000, 5001]],
  ])('%j → %j', (text, ports) => {
    expect(parsePortList(text)).toEqual(ports)
  })

  test.each(['abc', '0', '65536', '5-3', '80-', ',', '1-5000'])('rejects %j', (text) => {
    expect(() => parsePortList(text)).toThrow()
  })
})

test('formatPortList collapses runs of three or more', () => {
  expect(formatPortList([18081, 1234, 9091, 18080, 9090, 18079, 11434])).toBe('1234, 9090, 9091, 11434, 18079-18081')
})

describe('identifyServer', () => {
  test.each<[port: number, owners: string[], kind: ServerKind]>([
    [18085, ['llamacpp'], 'hydra-llm'],
    [18079, ['llamacpp'], 'hydra-llm'],
    [8080, ['llamacpp'], 'llama.cpp'],
    [8080, [], 'localai'],
    [5000, ['user'], 'text-generation-webui'],
    [1337, [], 'jan'],
    [1234, ['organization_owner'], 'lmstudio'],
    [40123, ['vllm'], 'vllm'],
    [40123, ['humanity'], 'gpt4all'],
    [40123, ['library'], 'ollama'],
    [40123, ['user'], 'openai-compatible'],
    [40123, ['constructor'], 'openai-compatible'],
    [9090, [], 'openai-compatible'],
  ])('port %i, owned_by %j → %s', (port, owners, kind) => {
    expect(identifyServer(port, owners)).toBe(kind)
  })
})

describe('messages', () => {
  test.each<[DiscoveredServer, string]>([
    [
      {url: 'http://127.0.0.1:11434/v1', port: 11434, server: 'ollama', models: ['a', 'b', 'c']},
      'ollama at http://127.0.0.1:11434/v1 (3 models)',
    ],
    [{url: 'http://127.0.0.1:1234/v1', port: 1234, server: 'lmstudio', models: ['a']}, 'LM Studio at http://127.0.0.1:1234/v1 (1 model)'],
    [{url: 'http://127.0.0.1:11434/v1', port: 11434, server: 'ollama', models: []}, 'ollama at http://127.0.0.1:11434/v1 (no models)'],
    [
      {url: 'http://127.0.0.1:1337/v1', port: 1337, server: 'jan', models: [], needsKey: true},
      'Jan at http://127.0.0.1:1337/v1 (needs an API key)',
    ],
  ])('describeServer → %#', (server, line) => {
    expect(describeServer(server)).toBe(line)
  })

  test('noServerFoundMessage lists the ports compactly and says what to do', () => {
    const message = noServerFoundMessage(DEFAULT_DISCOVERY_PORTS)
    expect(message).toContain('1234, 1337, 4891, 5000, 5001, 8000, 8080, 8201, 9090, 9091, 11434, 11435, 18079-18099')
    expect(message).toContain('--api http://127.0.0.1:8080/v1')
    expect(message).toContain('LILLYCODER_API')
  })
})
