/**
 * MCP servers as a tool source, end to end: the built CLI against a scripted model server and a real MCP server
 * written with the SDK's server side (test/support/mcp-test-server.ts), over stdio and streamable HTTP.
 */
import {afterEach, describe, expect, test} from '@jest/globals'
import {chmod, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {startHttpMcpServer} from '../support/mcp-test-server.js'
import {TEST_MCP_SERVER, writeProjectConfig, writeUserConfig} from '../support/mcp-config.js'
import {runCli} from '../support/run-cli.js'
import {chatRequestBodies, jsonLines} from '../support/run-output.js'
import type {WireTurn} from '../support/wire-server.js'

const e2e = useE2E()
const SLOW = 90_000

interface ChatBody {
  tools?: Array<{function: {name: string; parameters: Record<string, unknown>}}>
  messages: Array<{role: string; content: string | null}>
}

let http: {url: string; close(): Promise<void>} | undefined
afterEach(async () => {
  await http?.close()
  http = undefined
})

function cli(args: string[]) {
  return runCli(args, {cwd: e2e.sandbox.workspace, env: e2e.sandbox.env, timeoutMs: 75_000})
}

async function runTask(turns: WireTurn[], extra: string[] = []) {
  await e2e.serve(turns)
  const result = await cli(['run', 'use the notes', '--json', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', ...extra])
  const events = jsonLines(result.stdout)
  return {...result, events, bodies: chatRequestBodies<ChatBody>(e2e.server), results: events.filter((event) => event.type === 'tool_result')}
}

const toolNames = (body: ChatBody | undefined) => (body?.tools ?? []).map((tool) => tool.function.name).filter((name) => name.includes('__'))

describe('listing', () => {
  test('mcp list starts a stdio server and prints its tools; the broken schema is one warning and left out', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: TEST_MCP_SERVER}}})
    const {code, stdout, stderr} = await cli(['mcp', 'list'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^notes {2}running/m)
    expect(stdout).toMatch(/notes__read_note +reads +~\d+ tokens {2}Read a note file\./)
    expect(stdout).toMatch(/notes__write_note +mutates/)
    expect(stdout).not.toMatch(/notes__broken/)
    // On a loaded machine the start may be slow enough to be said; that line is not a problem with the server.
    const problems = stderr.trim().split('\n').filter((line) => !line.includes('waiting for MCP server'))
    expect(problems).toEqual(['lillycoder: warning: MCP server notes: tool broken was left out: its inputSchema must have type "object", not "array"'])
  }, SLOW)

  test('tools list --mcp shows MCP tools with source mcp:<server> and their token cost; tools list alone does not start them', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: {...TEST_MCP_SERVER, tools: ['read_note']}}}})
    const withMcp = await cli(['tools', 'list', '--mcp', '--json'])
    expect(withMcp.code).toBe(0)
    const tools = JSON.parse(withMcp.stdout) as Array<{name: string; source: string; mutates: boolean; tokens: number}>
    expect(tools.filter((tool) => tool.source.startsWith('mcp:'))).toEqual([expect.objectContaining({name: 'notes__read_note', source: 'mcp:notes', mutates: false, tokens: expect.any(Number)})])
    expect(tools.find((tool) => tool.name === 'read_file')?.source).toBe('lillycoder')
    const plain = await cli(['tools', 'list', '--json'])
    expect((JSON.parse(plain.stdout) as Array<{source: string}>).some((tool) => tool.source.startsWith('mcp:'))).toBe(false)
  }, SLOW)

  test('a streamable HTTP server is listed and called like a stdio one', async () => {
    http = await startHttpMcpServer(e2e.sandbox.workspace)
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'over http')
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {web: {url: http.url, tools: ['read_note']}}}})
    const listed = await cli(['mcp', 'list', '--json'])
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({name: 'web', state: 'running', transport: 'http', tools: [expect.objectContaining({name: 'web__read_note', remoteName: 'read_note'})]})])
    const {code, results} = await runTask([
      {flavor: 'llamacpp', toolCalls: [{name: 'web__read_note', arguments: {path: 'a.txt'}}]},
      {flavor: 'llamacpp', text: 'Read it.'},
    ])
    expect(code).toBe(0)
    expect(results).toEqual([expect.objectContaining({name: 'web__read_note', outcome: 'ok', decision: 'allow', text: 'note a.txt: over http'})])
  }, SLOW)
})

describe('start-up', () => {
  test('--version, tools list and policy commands start no server; mcp list does', async () => {
    const marker = path.join(e2e.sandbox.home, 'started')
    const server = path.join(e2e.sandbox.home, 'server.sh')
    await writeFile(server, `#!/bin/sh\ntouch ${marker}\n`)
    await chmod(server, 0o755)
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {probe: {command: server}}}})
    for (const args of [['--version'], ['tools', 'list'], ['tools', 'show', 'read_file'], ['policy', 'show'], ['policy', 'explain', 'read_file', '--args', '{"path":"a"}']]) {
      expect((await cli(args)).code).toBe(0)
      await expect(readFile(marker)).rejects.toThrow()
    }
    await cli(['mcp', 'list'])
    expect(await readFile(marker, 'utf8')).toBe('')
  }, SLOW)
})

describe('calls', () => {
  test('the first request carries the server schema; a readOnlyHint tool runs without asking', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: TEST_MCP_SERVER}}})
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'hello')
    const {code, bodies, results} = await runTask([
      {flavor: 'ollama', toolCalls: [{name: 'notes__read_note', arguments: {path: 'a.txt'}}]},
      {flavor: 'ollama', text: 'It says hello.'},
    ])
    expect(code).toBe(0)
    expect(toolNames(bodies[0]).sort()).toEqual(['notes__crash', 'notes__picture', 'notes__read_note', 'notes__slow', 'notes__write_note'])
    expect(bodies[0].tools?.find((tool) => tool.function.name === 'notes__read_note')?.function.parameters).toEqual({
      type: 'object',
      properties: {path: {type: 'string', description: 'File in the workspace'}},
      required: ['path'],
      additionalProperties: false,
    })
    expect(results).toEqual([expect.objectContaining({outcome: 'ok', decision: 'allow', text: 'note a.txt: hello'})])
    expect(bodies[1].messages.at(-1)).toMatchObject({role: 'tool', content: 'note a.txt: hello'})
  }, SLOW)

  test('a tool without readOnlyHint asks: headless it is refused (exit 4); with --bypass-permissions it runs', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: TEST_MCP_SERVER}}})
    const call: WireTurn = {flavor: 'vllm', toolCalls: [{name: 'notes__write_note', arguments: {path: 'b.txt', text: 'new'}}]}
    const refused = await runTask([call, {flavor: 'vllm', text: 'Could not.'}])
    expect(refused.code).toBe(4)
    expect(refused.results).toEqual([expect.objectContaining({outcome: 'refused', decision: 'ask'})])
    const allowed = await runTask([call, {flavor: 'vllm', text: 'Wrote it.'}], ['--bypass-permissions'])
    expect(allowed.code).toBe(0)
    expect(allowed.results).toEqual([expect.objectContaining({outcome: 'ok', text: 'wrote b.txt'})])
    expect(await readFile(path.join(e2e.sandbox.workspace, 'b.txt'), 'utf8')).toBe('new')
  }, SLOW)

  test.each([
    ['a missing argument', {}, 'Error: invalid arguments for notes__read_note: path: required'],
    ['a wrong type', {path: 7}, 'Error: invalid arguments for notes__read_note: path: must be string'],
    ['an unknown key', {path: 'a.txt', mode: 'x'}, 'Error: invalid arguments for notes__read_note: arguments: unknown key "mode"'],
  ])('arguments are checked against the server schema before the call: %s', async (_what, args, text) => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: {...TEST_MCP_SERVER, tools: ['read_note']}}}})
    const {results} = await runTask([{flavor: 'llamacpp', toolCalls: [{name: 'notes__read_note', arguments: args}]}, {flavor: 'llamacpp', text: 'ok'}])
    expect(results).toEqual([expect.objectContaining({outcome: 'invalid', text})])
  }, SLOW)

  test('a path argument is a target: a write outside the workspace is refused even with --bypass-permissions', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: {...TEST_MCP_SERVER, tools: ['write_note']}}}})
    const {results} = await runTask(
      [{flavor: 'llamacpp', toolCalls: [{name: 'notes__write_note', arguments: {path: '../escape.txt', text: 'x'}}]}, {flavor: 'llamacpp', text: 'ok'}],
      ['--bypass-permissions'],
    )
    expect(results).toEqual([expect.objectContaining({outcome: 'refused', decision: 'deny'})])
    await expect(readFile(path.join(e2e.sandbox.workspace, '..', 'escape.txt'))).rejects.toThrow()
  }, SLOW)

  test('a deny rule holds for an MCP tool', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: TEST_MCP_SERVER}}, permissions: {deny: ['notes__read_note']}})
    const {results} = await runTask([{flavor: 'llamacpp', toolCalls: [{name: 'notes__read_note', arguments: {path: 'a.txt'}}]}, {flavor: 'llamacpp', text: 'ok'}])
    expect(results).toEqual([expect.objectContaining({outcome: 'refused', decision: 'deny'})])
  }, SLOW)

  test('an image is named, not inlined', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: {...TEST_MCP_SERVER, tools: ['picture']}}}})
    const {results} = await runTask([{flavor: 'llamacpp', toolCalls: [{name: 'notes__picture', arguments: {}}]}, {flavor: 'llamacpp', text: 'ok'}])
    expect(results).toEqual([expect.objectContaining({outcome: 'ok', text: 'here it is\n[image: image/png, 2 KB — not shown to the model]'})])
  }, SLOW)

  test('the allowlist keeps the other tools out of the request, and a name the server lacks is one warning', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: {...TEST_MCP_SERVER, tools: ['read_note', 'nope']}}}})
    const {code, stderr, bodies} = await runTask([{flavor: 'llamacpp', text: 'Hi.'}])
    expect(code).toBe(0)
    expect(toolNames(bodies[0])).toEqual(['notes__read_note'])
    expect(stderr).toContain('MCP server notes has no tool "nope" (from mcp.servers.notes.tools)')
  }, SLOW)
})

describe('failures', () => {
  test('a server killed mid-session: one warning, a tool error, its tools leave the next request, the session goes on', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: TEST_MCP_SERVER}}})
    const {code, stderr, bodies, results} = await runTask([
      {flavor: 'llamacpp', toolCalls: [{name: 'notes__crash', arguments: {}}]},
      {flavor: 'llamacpp', toolCalls: [{name: 'read_file', arguments: {path: 'missing.txt'}}]},
      {flavor: 'llamacpp', text: 'Done anyway.'},
    ])
    expect(code).toBe(0)
    expect(results[0]).toMatchObject({name: 'notes__crash', outcome: 'error'})
    expect(String(results[0].text)).toMatch(/^Error: notes__crash failed\. MCP server notes: /)
    expect(stderr.match(/MCP server notes stopped unexpectedly/g)).toHaveLength(1)
    expect(toolNames(bodies[0]).length).toBeGreaterThan(0)
    expect(toolNames(bodies[1])).toEqual([])
    expect(results[1]).toMatchObject({name: 'read_file'})
  }, SLOW)

  test('a call that times out stops the server: a tool error and its tools leave the list', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {notes: TEST_MCP_SERVER}, callTimeout: 2}})
    const {code, stderr, bodies, results} = await runTask([{flavor: 'llamacpp', toolCalls: [{name: 'notes__slow', arguments: {}}]}, {flavor: 'llamacpp', text: 'ok'}])
    expect(code).toBe(0)
    expect(results[0]).toMatchObject({outcome: 'error'})
    expect(String(results[0].text)).toContain('the call timed out after 2 s; the server was stopped')
    expect(stderr).toContain('MCP server notes a call to slow timed out after 2 s')
    expect(toolNames(bodies[1])).toEqual([])
  }, SLOW)

  test('a server that cannot start: one warning, the session goes on without it', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {gone: {command: path.join(e2e.sandbox.home, 'no-such-server')}}}})
    const {code, stderr, bodies} = await runTask([{flavor: 'llamacpp', text: 'Hi.'}])
    expect(code).toBe(0)
    expect(stderr.match(/MCP server gone could not start: .*ENOENT/g)).toHaveLength(1)
    expect(toolNames(bodies[0])).toEqual([])
  }, SLOW)

  test('a server slower than its start timeout: one warning, the first request goes without it', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {late: {...TEST_MCP_SERVER, env: {MCP_TEST_START_DELAY_MS: '20000'}}}, startTimeout: 1}})
    const {code, stderr, bodies} = await runTask([{flavor: 'llamacpp', text: 'Hi.'}])
    expect(code).toBe(0)
    expect(stderr.match(/MCP server late did not start within 1 s/g)).toHaveLength(1)
    expect(toolNames(bodies[0])).toEqual([])
  }, SLOW)

  test('a slow start is said in one line, and the first request waits for it', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {late: {...TEST_MCP_SERVER, tools: ['read_note'], env: {MCP_TEST_START_DELAY_MS: '4000'}}}}})
    const {code, stderr, bodies} = await runTask([{flavor: 'llamacpp', text: 'Hi.'}])
    expect(code).toBe(0)
    expect(stderr.match(/waiting for MCP server late to start…/g)).toHaveLength(1)
    expect(toolNames(bodies[0])).toEqual(['late__read_note'])
  }, SLOW)

  test('a server listing 500 tools: one warning, only the first 64 are used', async () => {
    await writeUserConfig(e2e.sandbox, {mcp: {servers: {many: {...TEST_MCP_SERVER, env: {MCP_TEST_EXTRA_TOOLS: '500'}}}}})
    const {code, stdout, stderr} = await cli(['mcp', 'list', '--json'])
    expect(code).toBe(0)
    expect((JSON.parse(stdout) as Array<{tools: unknown[]}>)[0].tools).toHaveLength(64)
    expect(stderr.match(/MCP server many offers 506 tools; only the first 64 are used/g)).toHaveLength(1)
  }, SLOW)

  test.each([
    [{mcp: {servers: {x: {args: ['a']}}}}, 'mcp.servers.x', 'needs either command'],
    [{mcp: {servers: {x: {command: 'a', url: 'http://127.0.0.1:1/mcp'}}}}, 'mcp.servers.x', 'not both or neither'],
    [{mcp: {servers: {x: {url: 'ftp://host/mcp'}}}}, 'mcp.servers.x.url', 'http(s) URL'],
    [{mcp: {servers: {x: {command: 'a', tools: 'read'}}}}, 'mcp.servers.x.tools', 'must be a list'],
    [{mcp: {servers: {x: {command: 'a', comand: 'b'}}}}, 'mcp.servers.x', 'unknown key "comand"'],
    [{mcp: {servers: []}}, 'mcp.servers', 'must be a mapping of server names'],
    [{mcp: {servers: {'a b': {command: 'a'}}}}, 'mcp.servers.a b', 'server names are letters'],
  ])('a bad entry is a config error naming the key: %j', async (config, key, words) => {
    await writeUserConfig(e2e.sandbox, config)
    const {code, stderr} = await cli(['mcp', 'list'])
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(key)
    expect(stderr).toContain(words)
  }, SLOW)
})

describe('trust', () => {
  test('a project-declared server waits for `lillycoder policy trust`, then starts', async () => {
    await writeProjectConfig(e2e.sandbox, {mcp: {servers: {proj: {...TEST_MCP_SERVER, tools: ['read_note']}}}})
    const waiting = await runTask([{flavor: 'llamacpp', text: 'Hi.'}])
    expect(waiting.code).toBe(0)
    expect(waiting.stderr).toMatch(/MCP server proj from .*\.lillycoderrc\.json wait until you trust that file: review it, then run `lillycoder policy trust`/)
    expect(toolNames(waiting.bodies[0])).toEqual([])
    const listed = await cli(['mcp', 'list'])
    expect(listed.stdout).toMatch(/^proj {2}waiting/m)

    expect((await cli(['policy', 'trust'])).code).toBe(0)
    const trusted = await runTask([{flavor: 'llamacpp', text: 'Hi.'}])
    expect(trusted.stderr).not.toContain('wait until you trust')
    expect(toolNames(trusted.bodies[0])).toEqual(['proj__read_note'])
  }, SLOW)
})
