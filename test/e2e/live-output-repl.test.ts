/**
 * Tool output in a real pseudo-terminal (tmux) against the scripted wire server: a running command's last lines
 * and a seconds counter under the call, erased at the end so the summary stays; /last with the whole output;
 * Ctrl-C of a running command said in one line.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {CLI, createSandbox, runCli, type Sandbox} from '../support/run-cli.js'
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

// Slow on purpose: six lines 0.4 s apart, so the live view is on screen for more than two seconds.
const SLOW_LINES = 'for i in 1 2 3 4 5 6; do echo line$i; sleep 0.4; done'
const bash = (command: string): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command}}]})
const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})

async function startChat(turns: WireTurn[], sandboxMode: string): Promise<TmuxSession> {
  server = await startWireServer(turns)
  const args = [CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions', '--sandbox', sandboxMode]
  term = await TmuxSession.start([process.execPath, ...args], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

describe.each(['off', 'auto'])('--sandbox %s', (sandboxMode) => {
  test('a running command shows its latest lines and a seconds counter; at the end only the summary stays; /last shows all', async () => {
    const t = await startChat([bash(SLOW_LINES), answer('All six printed.')], sandboxMode)
    await t.typeLine('print six lines slowly')
    // Mid-run: the counter past a second, with at least two of the lines under it, before the command has ended.
    const during = await t.waitFor(/^ {2}\S [1-9]\d*\.\ds\n {4}line\d\n {4}line\d$/m)
    expect(during).not.toMatch(/All six printed\./)
    expect(during).not.toMatch(/✓/)
    const after = await t.waitFor(/All six printed\./)
    expect(after).toMatch(/✓ exit 0 in \d+\.\ds · 6 lines of output \(\/last shows them\)/)
    // The live block is gone: no counter line and no output lines left under the call.
    expect(after).not.toMatch(/^ {2}\S \d+\.\ds$/m)
    expect(after).not.toMatch(/^ {4}line\d$/m)
    await t.typeLine('/last')
    const last = await t.waitFor(/this is the whole result/)
    const shown = last.slice(last.lastIndexOf('/last'))
    expect(shown).toMatch(/bash \$ for i in 1 2 3 4 5 6.* → ok/)
    expect(shown.match(/^line\d$/gm)).toEqual(['line1', 'line2', 'line3', 'line4', 'line5', 'line6'])
  })

  test('Ctrl-C during a running command prints exactly one line about it', async () => {
    const t = await startChat([bash('sleep 30'), answer('next one works')], sandboxMode)
    await t.typeLine('wait a while')
    await t.waitFor(/^ {2}\S \d+\.\ds$/m)
    await t.press('C-c')
    const screen = await t.waitFor(/context: \d+%/)
    expect(screen).toMatch(/✗ sleep 30 cancelled by Ctrl-C after \d+\.\ds/)
    expect(screen.match(/cancel/gi)).toHaveLength(1)
    expect(screen).not.toMatch(/^ {2}\S \d+\.\ds$/m)
    await t.typeLine('again')
    await t.waitFor(/next one works/)
  })
})

describe('file tools', () => {
  test('say in one line what they read, wrote and edited', async () => {
    const turns: WireTurn[] = [
      {flavor: 'llamacpp', toolCalls: [{name: 'write_file', arguments: {path: 'notes.txt', content: 'first\nsecond\n'}}]},
      {flavor: 'llamacpp', toolCalls: [{name: 'edit_file', arguments: {path: 'notes.txt', old_string: 'second', new_string: 'two\nthree'}}]},
      {flavor: 'llamacpp', toolCalls: [{name: 'read_file', arguments: {path: 'notes.txt'}}]},
      answer('Notes done.'),
    ]
    const t = await startChat(turns, 'off')
    await t.typeLine('keep notes')
    const screen = await t.waitFor(/Notes done\./)
    expect(screen).toMatch(/✓ created notes\.txt \(2 lines, 13 B\)/)
    expect(screen).toMatch(/✓ edited notes\.txt \(\+2 −1\)/)
    expect(screen).toMatch(/✓ read notes\.txt \(3 lines\)/)
    await t.typeLine('/last')
    await t.waitFor(/read_file notes\.txt → ok\n\s*1\s+first\n\s*2\s+two\n\s*3\s+three/)
  })
})

describe('run', () => {
  test('--json keeps its events as they were: no live output events, the whole output in the tool_result', async () => {
    server = await startWireServer([bash('echo one; sleep 0.3; echo two'), answer('done')])
    const result = await runCli(['run', 'print', '--json', '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions'], {cwd: sandbox.workspace, env: sandbox.env})
    const types = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {type: string}).type)
    expect(types).toEqual(['tool_call', 'tool_result', 'text', 'done'])
    expect(result.stdout).toContain('one\\ntwo')
  })
})
