/**
 * Reliability, model faults: the built CLI (`run --json`) against a model that calls tools badly — arguments that
 * are not JSON, a megabyte long, of the wrong types or with extra fields; tools that do not exist; fifty calls in
 * one reply; the same failing call forever. Each case: the turn goes on (the model is told what was wrong, as a
 * tool result) or stops by itself with a reason, the process exits with its documented code, and no stack shows.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {expectNoCrash} from '../support/reliability-checks.js'
import {createSandbox, type Sandbox} from '../support/run-cli.js'
import {chatRequestBodies, jsonLines} from '../support/run-output.js'
import {startWireServer, type WireServer, type WireToolCall, type WireTurn} from '../support/wire-server.js'

const e2e = useE2E()

interface ChatBody {
  messages: Array<{role: string; content: string | null; tool_call_id?: string}>
}

const calls = (...toolCalls: WireToolCall[]): WireTurn => ({flavor: 'llamacpp', toolCalls})
const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
/** Long arguments in 4 KB deltas: a megabyte in 7-character deltas would time the SSE decoder, not the agent. */
const inPieces = (args: string): string[] => Array.from({length: Math.ceil(args.length / 4096)}, (_, i) => args.slice(i * 4096, (i + 1) * 4096))

async function runJson(turns: WireTurn[], extraArgs: string[] = []) {
  await e2e.serve(turns)
  const result = await e2e.sandbox.run(['run', 'do the task', '--json', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions', ...extraArgs])
  expectNoCrash(result.stderr)
  const events = jsonLines(result.stdout)
  return {...result, events, results: events.filter((event) => event.type === 'tool_result'), bodies: chatRequestBodies<ChatBody>(e2e.server)}
}

/** The tool messages the model received in request `index` (0-based), in order. */
const toolMessages = (bodies: ChatBody[], index: number) => bodies[index].messages.filter((message) => message.role === 'tool')

/**
 * One run whose single reply makes every call of a table, shared by that table's tests: a CLI start per row would
 * cost seconds each on a loaded machine. Each test reads the result of its own call (by id).
 */
function sharedRun(toolCalls: WireToolCall[]): {results: () => Map<string, Record<string, unknown>>; told: () => Map<string, string>; workspaceFiles: () => string[]; code: () => number | null} {
  let sandbox: Sandbox
  let server: WireServer
  let byId = new Map<string, Record<string, unknown>>()
  let toldById = new Map<string, string>()
  let files: string[] = []
  let code: number | null = null
  beforeAll(async () => {
    sandbox = await createSandbox()
    server = await startWireServer([calls(...toolCalls), answer('I see.')])
    const result = await sandbox.run(['run', 'do the task', '--json', '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions'])
    expectNoCrash(result.stderr)
    code = result.code
    byId = new Map(jsonLines(result.stdout).filter((event) => event.type === 'tool_result').map((event) => [String(event.id), event]))
    const [, second] = chatRequestBodies<ChatBody>(server)
    toldById = new Map((second?.messages ?? []).filter((message) => message.role === 'tool').map((message) => [String(message.tool_call_id), String(message.content)]))
    files = await readdir(sandbox.workspace)
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await sandbox?.cleanup()
  })
  return {results: () => byId, told: () => toldById, workspaceFiles: () => files, code: () => code}
}

describe('bad arguments go back to the model, and the turn goes on', () => {
  const cases: Array<[what: string, args: string, told: RegExp]> = [
    ['not JSON', '{"path": "a.txt", "content": "x"', /invalid arguments for write_file: the arguments are not valid JSON/u],
    ['JSON, but not an object', '["a.txt", "x"]', /invalid arguments for write_file: the arguments must be a JSON object/u],
    ['wrong types', '{"path": 5, "content": ["x"]}', /invalid arguments for write_file: path: .*; content: /u],
    ['a required field missing', '{"path": "a.txt"}', /invalid arguments for write_file: content: /u],
  ]
  const run = sharedRun(cases.map(([what, args]) => ({name: 'write_file', id: `call ${what}`, arguments: args})))

  test.each(cases)('arguments %s: outcome invalid, the model reads why, nothing is written', (what, _args, told) => {
    expect(run.results().get(`call ${what}`)).toMatchObject({outcome: 'invalid', text: expect.stringMatching(told)})
    expect(run.told().get(`call ${what}`)).toMatch(told)
    expect(run.workspaceFiles()).toEqual([])
    expect(run.code()).toBe(0)
  })

  test('extra fields are ignored: the call runs with the fields the tool knows', async () => {
    const {code, results} = await runJson([
      calls({name: 'write_file', arguments: {path: 'a.txt', content: 'alpha\n', mode: 'fast', overwrite: true}}),
      answer('Written.'),
    ])
    expect(code).toBe(0)
    expect(results).toEqual([expect.objectContaining({outcome: 'ok'})])
    expect(await readFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'utf8')).toBe('alpha\n')
  })

  test('arguments a megabyte long that are valid: the file is written whole', async () => {
    const content = `${'0123456789abcdef'.repeat(64)}\n`.repeat(1024) // 1 MB and 1024 lines
    const args = JSON.stringify({path: 'big.txt', content})
    const {code, results, events} = await runJson([calls({name: 'write_file', arguments: args, argumentPieces: inPieces(args)}), answer('Written.')])
    expect(results).toEqual([expect.objectContaining({outcome: 'ok'})])
    expect(await readFile(path.join(e2e.sandbox.workspace, 'big.txt'), 'utf8')).toBe(content)
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered'})
    expect(code).toBe(0)
  })

  test('arguments a megabyte long that are not JSON: the model gets a short error, not its megabyte back', async () => {
    const garbage = `{"path": "big.txt", "content": "${'x'.repeat(1024 * 1024)}`
    const {code, results, bodies} = await runJson([calls({name: 'write_file', arguments: garbage, argumentPieces: inPieces(garbage)}), answer('Sorry.')])
    expect(code).toBe(0)
    expect(results).toEqual([expect.objectContaining({outcome: 'invalid'})])
    const [told] = toolMessages(bodies, 1)
    expect(told.content).toMatch(/not valid JSON/u)
    expect(told.content!.length).toBeLessThan(2000)
  })
})

describe('unknown tools', () => {
  const names = ['run_tests', 'Read_File', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']
  const run = sharedRun(names.map((name, i) => ({name, id: `call_${i}`, arguments: {}})))

  test.each(names.map((name, i) => [name, i] as const))('a call to %j is an unknown tool; the model is given the real names', (_name, i) => {
    const told = /Available tools: .*read_file.*write_file/u
    expect(run.results().get(`call_${i}`)).toMatchObject({outcome: 'unknown-tool', text: expect.stringMatching(told)})
    expect(run.told().get(`call_${i}`)).toMatch(told)
    expect(run.code()).toBe(0)
  })
})

describe('many calls', () => {
  test('fifty calls in one reply: all run, each result answers its own call id, in order', async () => {
    const fifty = Array.from({length: 50}, (_, i) => ({name: 'write_file', id: `call_${i}`, arguments: {path: `f${String(i).padStart(2, '0')}.txt`, content: `${i}\n`}}))
    const {code, results, bodies} = await runJson([calls(...fifty), answer('All fifty written.')])
    expect(code).toBe(0)
    expect(results.map((result) => result.outcome)).toEqual(Array(50).fill('ok'))
    expect(toolMessages(bodies, 1).map((message) => message.tool_call_id)).toEqual(fifty.map((call) => call.id))
    const files = (await readdir(e2e.sandbox.workspace)).sort()
    expect(files).toEqual(fifty.map((call) => call.arguments.path))
    expect(await readFile(path.join(e2e.sandbox.workspace, 'f49.txt'), 'utf8')).toBe('49\n')
  })
})

describe('loops stop by themselves', () => {
  const failing = (): WireTurn => calls({name: 'read_file', arguments: {path: 'missing.txt'}})

  test('the same failing call forever: the model is warned, then the turn stops with one line, exit 1', async () => {
    const {code, events, bodies, stderr} = await runJson(Array.from({length: 20}, failing))
    expect(stderr).toBe('')
    // Asked to change approach at the third repeat, stopped at the fourth: no twentieth request.
    expect(bodies.length).toBeLessThan(10)
    expect(toolMessages(bodies, 3).at(-1)?.content).toMatch(/Change approach/u)
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'error', error: expect.stringMatching(/repeated the same failing read_file call/u), exit_code: 1})
    expect(code).toBe(1)
  })

  test('the same failing call fifty times in one reply: the repeats after the limit are not run', async () => {
    const {code, results, events} = await runJson([calls(...Array.from({length: 50}, () => ({name: 'read_file', arguments: {path: 'missing.txt'}})))])
    expect(results).toHaveLength(50)
    expect(results.filter((result) => result.outcome === 'cancelled').length).toBeGreaterThan(40)
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'error', exit_code: 1})
    expect(code).toBe(1)
  })

  test('a different failing call every time: --max-steps ends the turn, exit 3', async () => {
    const turns = Array.from({length: 20}, (_, i) => calls({name: 'read_file', arguments: {path: `missing-${i}.txt`}}))
    const {code, events, bodies} = await runJson(turns, ['--max-steps', '5'])
    expect(bodies).toHaveLength(5)
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'step_limit', exit_code: 3})
    expect(code).toBe(3)
  })

  test('a call that works, forever: --max-steps ends the turn, exit 3', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'alpha\n')
    const turns = Array.from({length: 20}, () => calls({name: 'read_file', arguments: {path: 'a.txt'}}))
    const {code, bodies} = await runJson(turns, ['--max-steps', '4'])
    expect(bodies).toHaveLength(4)
    expect(code).toBe(3)
  })
})
