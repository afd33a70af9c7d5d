/**
 * Reliability, server faults: the built CLI (`run`, headless) against a server that fails in every way a local
 * server does — error statuses, 429 with Retry-After, refused and reset connections, streams that break off or
 * carry bytes that are not SSE or not JSON, a 10 MB reply, silence. Each case: the process ends by itself with the
 * documented exit code, the user reads one `lillycoder:` line (no stack), and a fault that a retry can cure is cured.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {startFaultServer, type FaultServer, type FaultTurn} from '../support/fault-server.js'
import {expectClearFailure, expectCleanSuccess} from '../support/reliability-checks.js'
import {createSandbox, runCli, type CliResult, type Sandbox} from '../support/run-cli.js'

let sandbox: Sandbox
let server: FaultServer | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await server?.close()
  server = undefined
  await sandbox.cleanup()
})

const MODEL = 'qwen2.5-coder:7b'
const answer = (text: string): FaultTurn => ({flavor: 'llamacpp', text})
const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [{index: 0, delta, finish_reason: finish}]})}\n\n`
const serverError = (status: number, headers?: Record<string, string | (() => string)>): FaultTurn => ({
  status,
  ...(headers ? {headers} : {}),
  body: {error: {code: status, message: `upstream says ${status}`, type: 'server_error'}},
})

async function runAgainst(turns: FaultTurn[], extraArgs: string[] = []): Promise<CliResult> {
  server = await startFaultServer(turns)
  return sandbox.run(['run', 'say hello', '--api', server.url, '--model', MODEL, ...extraArgs])
}

describe('error statuses', () => {
  test.each([500, 502, 503])('HTTP %i every time: one line with the status and the server’s words, exit 1', async (status) => {
    const result = await runAgainst([serverError(status), serverError(status), serverError(status)])
    expectClearFailure(result, new RegExp(`HTTP ${status}\\b.*upstream says ${status}`, 'u'))
  })

  test.each([502, 503])('HTTP %i once, then a reply: retried, and the answer arrives', async (status) => {
    const result = await runAgainst([serverError(status), answer('hello after a hiccup')])
    expectCleanSuccess(result)
    expect(result.stdout).toBe('hello after a hiccup\n')
    expect(server!.chats).toHaveLength(2)
  })

  test('HTTP 500 is not retried: the same request would fail the same way', async () => {
    await runAgainst([serverError(500), answer('never sent')])
    expect(server!.chats).toHaveLength(1)
  })
})

describe('429 Too Many Requests', () => {
  test('with Retry-After: 2 the retry waits at least that long, then the answer arrives', async () => {
    const result = await runAgainst([serverError(429, {'Retry-After': '2'}), answer('hello once allowed')])
    expectCleanSuccess(result)
    expect(result.stdout).toBe('hello once allowed\n')
    const [first, second] = server!.chats
    // A lower bound only: a loaded machine can make the wait longer, never shorter.
    expect(second.at - first.at).toBeGreaterThanOrEqual(2000)
  })

  test('with Retry-After as an HTTP date, the wait follows the date', async () => {
    // Dated when the answer is written: on a loaded machine the CLI's start-up would otherwise eat into the wait.
    const inThreeSeconds = () => new Date(Date.now() + 3000).toUTCString()
    const result = await runAgainst([serverError(429, {'Retry-After': inThreeSeconds}), answer('hello at last')])
    expectCleanSuccess(result)
    const [first, second] = server!.chats
    // The date has whole seconds, so the wait is at least one second less than asked.
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000)
  })

  test('a Retry-After of an hour is not waited out: one line says how long the server asked for, exit 1', async () => {
    const result = await runAgainst([serverError(429, {'Retry-After': '3600'}), answer('never sent')])
    expectClearFailure(result, /HTTP 429.*3600 s/u)
    expect(server!.chats).toHaveLength(1)
  })
})

describe('connections', () => {
  test('connection refused: the URL, what happened and what to try, exit 1', async () => {
    server = await startFaultServer([])
    const url = server.url
    await server.close()
    server = undefined
    const result = await sandbox.run(['run', 'say hello', '--api', url, '--model', MODEL])
    expectClearFailure(result, /127\.0\.0\.1:\d+\/v1\/chat\/completions: connection refused — is the server running/u)
  })

  test('reset before any answer, every time: one line, exit 1', async () => {
    const result = await runAgainst([{resetBeforeAnswer: true}, {resetBeforeAnswer: true}, {resetBeforeAnswer: true}])
    expectClearFailure(result, /connection was reset before the server answered/u)
  })

  test('reset before any answer once: retried, the answer arrives', async () => {
    const result = await runAgainst([{resetBeforeAnswer: true}, answer('hello again')])
    expectCleanSuccess(result)
    expect(result.stdout).toBe('hello again\n')
  })

  test('reset mid-stream: the words so far are not passed off as the answer, and nothing is re-sent', async () => {
    const result = await runAgainst([{sse: [chunk({role: 'assistant', content: 'Hel'}), chunk({content: 'lo'})], then: 'reset'}, answer('never sent')])
    expectClearFailure(result, /closed the connection mid-reply/u)
    expect(server!.chats).toHaveLength(1)
  })
})

describe('broken streams', () => {
  test('a stream that stops without finish_reason or [DONE] is a failed turn, not a short answer', async () => {
    const result = await runAgainst([{sse: [chunk({role: 'assistant', content: 'Half an'}), chunk({content: ' answer'})], then: 'end'}])
    expectClearFailure(result, /stopped before the server finished it/u)
  })

  test('a stream with finish_reason but no [DONE] is a whole answer', async () => {
    const result = await runAgainst([{sse: [chunk({role: 'assistant', content: 'Whole'}), chunk({}, 'stop')], then: 'end'}])
    expectCleanSuccess(result)
    expect(result.stdout).toBe('Whole\n')
  })

  test('lines that are not SSE fields, comments and unknown events are skipped; the answer is whole', async () => {
    const noise = ['this line is not SSE at all\n\n', ': a comment\n\n', 'event: ping\ndata: {}\n\n', 'retry: 10\n\n', 'id: 7\n\n', 'garbage without a newline then\n\n']
    const result = await runAgainst([
      {sse: [noise[0], chunk({role: 'assistant', content: 'Noise '}), noise[1], noise[2], chunk({content: 'ignored.'}), noise[3], noise[4], noise[5], chunk({}, 'stop'), 'data: [DONE]\n\n'], then: 'end'},
    ])
    expectCleanSuccess(result)
    expect(result.stdout).toBe('Noise ignored.\n')
  })

  test.each([
    ['cut-off JSON', 'data: {"choices":[{"index":0,"delta":{"content":"x"\n\n'],
    ['not JSON at all', 'data: hello there\n\n'],
    ['a broken escape in a string', 'data: {"choices":[{"index":0,"delta":{"content":"\\u12"}}]}\n\n'],
  ])('%s in a chunk: one line saying the stream is broken, exit 1', async (_what, bad) => {
    const result = await runAgainst([{sse: [chunk({role: 'assistant', content: 'Start'}), bad, chunk({}, 'stop'), 'data: [DONE]\n\n'], then: 'end'}])
    expectClearFailure(result, /stream line that is not JSON/u)
  })

  test('a 10 MB reply arrives whole, byte for byte', async () => {
    const piece = 'abcdefghijklmnopqrstuvwxyz0123456789 '.repeat(110) // ≈ 4 KB per token chunk
    const pieces = Array.from({length: Math.ceil((10 * 1024 * 1024) / piece.length)}, (_, index) => `${index}:${piece}`)
    server = await startFaultServer([{flavor: 'llamacpp', text: pieces}])
    // Ten thousand chunks to parse on a loaded machine: a longer bound on a hang than the default.
    const result = await runCli(['run', 'say hello', '--api', server.url, '--model', MODEL], {cwd: sandbox.workspace, env: sandbox.env, timeoutMs: 90_000})
    expectCleanSuccess(result)
    expect(result.stdout.length).toBe(pieces.join('').length + 1)
    // Compared as a flag: a failing toBe would print ten megabytes twice.
    expect(result.stdout === `${pieces.join('')}\n`).toBe(true)
  }, 120_000)
})

describe('silence', () => {
  test('a server that never answers: the idle timeout ends the wait with one line, exit 1', async () => {
    const result = await runAgainst([{silent: true}, {silent: true}], ['--idle-timeout', '1'])
    expectClearFailure(result, /no answer within 1 s.*--idle-timeout/u)
  })

  test('a stream that goes silent mid-reply: the idle timeout ends it with one line, exit 1', async () => {
    const result = await runAgainst([{sse: [chunk({role: 'assistant', content: 'Thinking'})], then: 'hang'}], ['--idle-timeout', '1'])
    expectClearFailure(result, /sent nothing for 1 s.*--idle-timeout/u)
  })
})
