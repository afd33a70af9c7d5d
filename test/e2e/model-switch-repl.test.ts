/**
 * /model in a real pseudo-terminal (tmux) against a scripted server whose models report different context
 * windows: the switch asks the server for the new window as start-up does, the status line shows it, a model
 * the server says nothing about keeps the window in force (one dim line), and the session file records each switch.
 */
import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'

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

const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const WINDOWS = {'qwen2.5-coder:7b': 8192, 'qwen3:32b': 32768, 'qwen3:8b': null}

test('/model switches the context window with the model; an unknown window is kept; the session file records both switches', async () => {
  server = await startWireServer([answer('Small one.'), answer('Big one.'), answer('Unknown one.')], {
    models: {flavor: 'llamacpp', ids: Object.keys(WINDOWS), contextLengths: WINDOWS},
  })
  const t = (term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'], {cwd: sandbox.workspace, env: sandbox.env}))
  await t.waitFor(/lillycoder · qwen2\.5-coder:7b · \d+% of 8k/)
  await t.typeLine('hello')
  await t.waitFor(/qwen2\.5-coder:7b · context: \d+% of 8k/)

  await t.typeLine('/model qwen3:32b')
  await t.waitFor(/model: qwen3:32b, from the next request\ncontext: 32k tokens \(from llama\.cpp \/v1\/models meta\.n_ctx\)/)
  await t.typeLine('again')
  await t.waitFor(/Big one\.[\s\S]*qwen3:32b · context: \d+% of 32k/)

  await t.typeLine('/model qwen3:8b')
  await t.waitFor(/the server did not say qwen3:8b's context window; keeping 32k tokens/)
  await t.typeLine('once more')
  await t.waitFor(/Unknown one\.[\s\S]*qwen3:8b · context: \d+% of 32k/)

  await t.press('C-d')
  await t.waitForExit()
  const dir = path.join(sandbox.env.XDG_STATE_HOME!, 'lillycoder', 'sessions')
  const [name] = await readdir(dir)
  const lines = (await readFile(path.join(dir, name), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as {type: string; model?: string})
  expect(lines[0]).toMatchObject({type: 'session', model: 'qwen2.5-coder:7b'})
  expect(lines.filter((line) => line.type === 'model').map((line) => line.model)).toEqual(['qwen3:32b', 'qwen3:8b'])
  expect(lines.filter((line) => line.type === 'reset')).toEqual([])
}, 90_000)
