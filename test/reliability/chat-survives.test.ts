/**
 * Reliability, the interactive session: one `chat` in a real terminal (tmux) meets a server fault on each message
 * — an error status, a reset mid-reply, a chunk that is not JSON, silence — and a model that calls a tool that
 * does not exist. After each, one line says what happened and the prompt returns; the last message gets its
 * answer, and the conversation sent with it still holds every message typed.
 */
import {afterEach, beforeEach, expect, test} from '@jest/globals'

import {startFaultServer, type FaultServer, type FaultTurn} from '../support/fault-server.js'
import {expectNoCrash} from '../support/reliability-checks.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'

let sandbox: Sandbox
let server: FaultServer | undefined
let term: TmuxSession | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await term?.kill()
  await server?.close()
  term = undefined
  server = undefined
  await sandbox.cleanup()
})

const MODEL = 'qwen2.5-coder:7b'
const chunk = (delta: Record<string, unknown>): string =>
  `data: ${JSON.stringify({id: 'c', object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [{index: 0, delta, finish_reason: null}]})}\n\n`

/** What each message meets, and the line the person should then see. */
const FAULTS: Array<{message: string; turn: FaultTurn; shows: RegExp}> = [
  {message: 'first try', turn: {status: 500, body: {error: {code: 500, message: 'model crashed', type: 'server_error'}}}, shows: /HTTP 500\): model crashed/u},
  {message: 'second try', turn: {sse: [chunk({role: 'assistant', content: 'Partial'})], then: 'reset'}, shows: /closed the connection mid-reply/u},
  {message: 'third try', turn: {sse: [chunk({role: 'assistant', content: 'Broken'}), 'data: {not json}\n\n'], then: 'end'}, shows: /stream line that is not JSON/u},
  {message: 'fourth try', turn: {silent: true}, shows: /no answer within 2 s/u},
]

test('chat survives a server fault on every message, then answers; the conversation keeps every message', async () => {
  server = await startFaultServer([
    ...FAULTS.map((fault) => fault.turn),
    {flavor: 'llamacpp', toolCalls: [{name: 'launch_rockets', arguments: {}}]},
    {flavor: 'llamacpp', text: 'All good now.'},
  ])
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', MODEL, '--idle-timeout', '2'], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/u)
  for (const fault of FAULTS) {
    await term.typeLine(fault.message)
    await term.waitFor(fault.shows, 30_000)
  }
  await term.typeLine('fifth try')
  const screen = await term.waitFor(/All good now\./u, 30_000)
  expectNoCrash(screen)
  expect(screen).toMatch(/✗ Error: there is no tool named "launch_rockets"\. Available tools: read_file/u)
  // One ✗ line per fault, each naming what happened.
  for (const fault of FAULTS) expect(screen.split('\n').filter((line) => line.includes('✗') && fault.shows.test(line))).toHaveLength(1)
  expect(await term.exited()).toBe(false)
  // Each failure kept the person's message: the last request carries all five, in order.
  const last = server.chats.at(-1)?.body as {messages: Array<{role: string; content: string}>}
  const typed = last.messages.filter((message) => message.role === 'user').map((message) => message.content).join('\n')
  expect(typed.match(/first try|second try|third try|fourth try|fifth try/gu)).toEqual(['first try', 'second try', 'third try', 'fourth try', 'fifth try'])
}, 120_000)
