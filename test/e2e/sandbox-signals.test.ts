/** Ctrl-C and timeouts take a sandboxed command's whole tree with them: no orphan outside or inside the sandbox. */
import {spawn} from 'node:child_process'

import {afterEach, beforeEach, expect, test} from '@jest/globals'

import {killLeftovers, seeProcess, waitUntilDelivered, waitUntilGone, type SeenProcess} from '../support/process-probes.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {jsonLines} from '../support/run-output.js'
import {findProcessNamed, namedSleeperCommand, pidNamespaceDepth, sleeperMarker} from '../support/sandboxed-processes.js'
import {startWireServer, type WireServer} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer | undefined
const sleepers: SeenProcess[] = []

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await killLeftovers(sleepers.splice(0))
  await server?.close()
  server = undefined
  await sandbox.cleanup()
})

// Starting the CLI, asking the server and starting bwrap can take many seconds on a loaded 2-core machine.
const START_DEADLINE_MS = 45_000
const TEST_TIMEOUT_MS = 90_000

/** A headless run whose bash call starts a named sleeper in the sandbox; resolves once the sleeper is seen. */
async function startSleepingRun(command: string, marker: string) {
  server = await startWireServer([
    {flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: JSON.parse(command) as Record<string, unknown>}]},
    {flavor: 'llamacpp', text: 'done'},
  ])
  const child = spawn(process.execPath, [CLI, 'run', 'sleep', '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions', '--json'], {
    cwd: sandbox.workspace,
    env: sandbox.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<{code: number | null; stdout: string}>((resolve) => child.on('close', (code) => resolve({code, stdout})))
  try {
    const sleeper = await seeProcess(await findProcessNamed(marker, START_DEADLINE_MS))
    sleepers.push(sleeper)
    return {child, exited, sleeper}
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nthe CLI said:\n${stdout}${stderr}`)
  }
}

test.each<[signals: number, trap: string]>([
  [1, ''],
  [2, "trap '' TERM; "],
])('run: %i Ctrl-C (TERM ignored: %j) kills the sandboxed tree, exit 130', async (count, trap) => {
  const marker = sleeperMarker()
  const {child, exited, sleeper} = await startSleepingRun(JSON.stringify({command: namedSleeperCommand(marker, trap)}), marker)
  expect(await pidNamespaceDepth(sleeper.pid)).toBeGreaterThan(await pidNamespaceDepth(process.pid))
  child.kill('SIGINT')
  if (count === 2) {
    // Two SIGINTs sent before the first is delivered merge into one.
    await waitUntilDelivered(child.pid!, 'SIGINT')
    child.kill('SIGINT')
  }
  expect(await exited).toMatchObject({code: 130})
  expect(await waitUntilGone(sleeper)).toBe(true)
}, TEST_TIMEOUT_MS)

test('run: a timeout kills the sandboxed tree and says so', async () => {
  const marker = sleeperMarker()
  const {exited, sleeper} = await startSleepingRun(JSON.stringify({command: namedSleeperCommand(marker), timeout_ms: 3000}), marker)
  const {code, stdout} = await exited
  expect(code).toBe(0)
  const result = jsonLines(stdout).find((event) => event.type === 'tool_result')
  expect(String(result?.text)).toMatch(/^Timed out after 3000 ms; the command and every process it started were killed\./)
  expect(await waitUntilGone(sleeper)).toBe(true)
}, TEST_TIMEOUT_MS)
