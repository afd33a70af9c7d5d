/** A killed or hung-up lillycoder takes the commands it started with it: no orphaned process groups. */
import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'

import {killLeftovers, seeProcess, waitUntilDelivered, waitUntilGone, type SeenProcess} from '../support/process-probes.js'
import {findProcessNamed, namedSleeperCommand, sleeperMarker} from '../support/sandboxed-processes.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer
// The sleeper is found by name: in the sandbox (the default) `$!` is a pid of the sandbox's own PID namespace.
let marker: string
// Each test's sleeper, killed after it if the test failed to see it die.
const sleepers: SeenProcess[] = []

beforeEach(async () => {
  sandbox = await createSandbox()
  marker = sleeperMarker()
  server = await startWireServer([
    {flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command: namedSleeperCommand(marker)}}]},
    {flavor: 'llamacpp', text: 'done'},
  ])
})

afterEach(async () => {
  await killLeftovers(sleepers.splice(0))
  await server.close()
  await sandbox.cleanup()
})

/** Headless run whose bash call sleeps; resolves once the sleeper is running. */
async function startSleepingRun() {
  const child = spawn(process.execPath, [CLI, 'run', 'sleep', '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions'], {
    cwd: sandbox.workspace,
    env: sandbox.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Reading both streams lets them end; what they say shows when an exit code is wrong.
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const exited = new Promise<{code: number | null; output: string}>((resolve) => child.on('close', (code) => resolve({code, output})))
  const reading = readSleeper()
  // A failure is reported by the race below, whichever comes first.
  reading.catch(() => undefined)
  try {
    const first = await Promise.race([reading, exited])
    if (typeof first !== 'number') throw new Error(`the CLI ended (exit ${first.code}) before its command wrote a pid:\n${first.output}`)
    return {child, exited, sleeper: first}
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${errorText(error)}\nthe CLI said:\n${output}`)
  }
}

// Starting the CLI, asking the server and starting bash can take many seconds on a loaded 2-core machine.
const START_DEADLINE_MS = 45_000

async function readSleeper(): Promise<number> {
  const sleeper = await findProcessNamed(marker, START_DEADLINE_MS)
  sleepers.push(await seeProcess(sleeper))
  return sleeper
}

/** Reads the sleeper's pid; a failure shows the terminal. */
async function readSleeperIn(term: TmuxSession): Promise<number> {
  try {
    return await readSleeper()
  } catch (error) {
    throw new Error(`${errorText(error)}; the terminal shows:\n${await term.screen()}`)
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

// Generous: a CLI and its command start on a loaded machine, then probes with their own deadlines may run.
const TEST_TIMEOUT_MS = 90_000

test.each<NodeJS.Signals>(['SIGTERM', 'SIGINT', 'SIGHUP'])('run: %s ends the turn and kills the running command group', async (signal) => {
  const {child, exited, sleeper} = await startSleepingRun()
  child.kill(signal)
  expect(await exited).toMatchObject({code: 130})
  expect(await waitUntilGone(sleeper)).toBe(true)
}, TEST_TIMEOUT_MS)

test('run: a second Ctrl-C exits 130 at once and still takes a group that ignores SIGTERM with it', async () => {
  await server.close()
  server = await startWireServer([
    {flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command: namedSleeperCommand(marker, "trap '' TERM; ")}}]},
    {flavor: 'llamacpp', text: 'done'},
  ])
  const {child, exited, sleeper} = await startSleepingRun()
  child.kill('SIGINT')
  // Two SIGINTs sent before the first is delivered merge into one, and this would test a single Ctrl-C.
  await waitUntilDelivered(child.pid!, 'SIGINT')
  child.kill('SIGINT')
  expect(await exited).toMatchObject({code: 130})
  expect(await waitUntilGone(sleeper)).toBe(true)
}, TEST_TIMEOUT_MS)

test('chat: Ctrl-C during a running command kills its group and returns to the prompt', async () => {
  const term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions'], {cwd: sandbox.workspace, env: sandbox.env})
  try {
    await term.waitFor(/lillycoder ·/)
    await term.typeLine('sleep please')
    const sleeper = await readSleeperIn(term)
    await term.press('C-c')
    expect(await waitUntilGone(sleeper)).toBe(true)
    await term.waitFor(/cancelled/)
    await term.typeLine('/help')
    await term.waitFor(/\/permissions/)
    expect(await term.exited()).toBe(false)
  } finally {
    await term.kill()
  }
}, TEST_TIMEOUT_MS)

test('chat: a closed terminal (SIGHUP) kills the running command group', async () => {
  const term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions'], {cwd: sandbox.workspace, env: sandbox.env})
  try {
    await term.waitFor(/lillycoder ·/)
    await term.typeLine('sleep please')
    const sleeper = await readSleeperIn(term)
    await term.kill()
    expect(await waitUntilGone(sleeper)).toBe(true)
  } finally {
    await term.kill()
  }
}, TEST_TIMEOUT_MS)
