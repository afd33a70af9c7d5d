/**
 * Small REPL commands in a real pseudo-terminal (tmux) against the scripted wire server: /model lists and
 * switches the server's models, an unknown command suggests the nearest one, and a refusal wraps in a
 * narrow terminal and says "Refused:" once.
 */
import {afterEach, beforeEach, expect, test} from '@jest/globals'

import {PROBE_DEADLINE_MS, sleep} from '../support/process-probes.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer, type WireTurn} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer | undefined
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

const MODELS = ['qwen2.5-coder:7b', 'other-coder:14b']
const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})

async function startChat(turns: WireTurn[], width?: number): Promise<TmuxSession> {
  server = await startWireServer(turns, {models: {flavor: 'llamacpp', ids: MODELS}})
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'], {cwd: sandbox.workspace, env: sandbox.env, width})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

/** The `model` field of each chat request the server received, in order. */
const requestedModels = () => server!.requests.filter((r) => r.path.startsWith('/v1/chat')).map((r) => (r.body as {model?: string}).model)

async function waitForChatRequests(count: number): Promise<void> {
  const deadline = Date.now() + PROBE_DEADLINE_MS
  while (requestedModels().length < count) {
    if (Date.now() >= deadline) throw new Error(`the server got ${requestedModels().length} chat requests, not ${count}`)
    await sleep(25)
  }
}

test('/model lists the server models with the current one marked, and /model NAME switches the next request', async () => {
  const t = await startChat([answer('First answer.'), answer('Second answer.')])
  await t.typeLine('/model')
  await t.waitFor(/● qwen2\.5-coder:7b \(current\)/)
  await t.waitFor(/^ {2}other-coder:14b$/m)
  await t.typeLine('hello')
  await t.waitFor(/First answer\./)
  await t.typeLine('/model other-coder:14b')
  await t.waitFor(/model: other-coder:14b, from the next request/)
  await t.typeLine('again')
  await t.waitFor(/Second answer\./)
  await waitForChatRequests(2)
  expect(requestedModels()).toEqual(['qwen2.5-coder:7b', 'other-coder:14b'])
}, 60_000)

test('/model with a name the server does not have is one line listing the models, and the model stays', async () => {
  const t = await startChat([answer('Still here.')])
  await t.typeLine('/model gpt-9')
  await t.waitFor(/no model gpt-9 on this server; the models: qwen2\.5-coder:7b, other-coder:14b/)
  await t.typeLine('hello')
  await t.waitFor(/Still here\./)
  await waitForChatRequests(1)
  expect(requestedModels()).toEqual(['qwen2.5-coder:7b'])
}, 60_000)

test('an unknown command suggests the nearest one and sends nothing to the model', async () => {
  const t = await startChat([])
  await t.typeLine('/undi')
  await t.waitFor(/unknown command \/undi — did you mean \/undo\?/)
  await t.typeLine('/hlep')
  await t.waitFor(/unknown command \/hlep — did you mean \/help\?/)
  expect(requestedModels()).toEqual([])
}, 60_000)

test('a refusal longer than a narrow terminal wraps, every word kept, and says Refused once', async () => {
  const width = 44
  const t = await startChat([{flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command: 'sudo rm -rf /tmp/x'}}]}, answer('Understood.')], width)
  await t.typeLine('clean up')
  const screen = await t.waitFor(/Understood\./)
  const start = screen.indexOf('✗ ')
  const refusal = screen.slice(start, screen.indexOf('Understood.')).trim()
  expect(refusal.match(/refused/gi)).toHaveLength(1)
  expect(refusal).not.toContain('…')
  // Joined back, the wrapped lines say the whole reason.
  expect(refusal.replace(/\s+/g, ' ')).toMatch(/^✗ Refused: privilege escalation \(sudo\) is never run by lillycoder\.$/)
  for (const line of refusal.split('\n')) expect(line.length).toBeLessThanOrEqual(width)
  expect(refusal.split('\n').length).toBeGreaterThan(1)
}, 60_000)
