/**
 * Reliability, process faults: lillycoder killed with SIGKILL at varied moments of a write_file or edit_file on a
 * large file (the file is the old or the new content, never a mix, never empty); Ctrl-C while bash runs a tree of
 * children, some deaf to SIGINT and SIGTERM (no orphan is left, the session goes on); a full disk (a tiny tmpfs in
 * a private mount namespace, so no mount outlives the test) under write_file and edit_file.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {execFile, spawn} from 'node:child_process'
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {promisify} from 'node:util'

import {runAndKill, type KillMoment} from '../support/kill-mid-write.js'
import {killLeftovers, seeProcess, waitUntilGone, type SeenProcess} from '../support/process-probes.js'
import {findProcessNamed, sleeperMarker} from '../support/sandboxed-processes.js'
import {expectNoCrash} from '../support/reliability-checks.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {chatRequestBodies, jsonLines} from '../support/run-output.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer, type WireToolCall} from '../support/wire-server.js'

const MODEL = 'qwen2.5-coder:7b'
// Starting the CLI, asking the server and starting bash can take many seconds on a loaded 2-core machine.
const TEST_TIMEOUT_MS = 90_000

let sandbox: Sandbox
let server: WireServer | undefined
const leftovers: SeenProcess[] = []

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await killLeftovers(leftovers.splice(0))
  await server?.close()
  server = undefined
  await sandbox.cleanup()
})

const numbered = (word: string, count: number): string => Array.from({length: count}, (_, i) => `line ${String(i).padStart(7, '0')} ${word} ${'.'.repeat(40)}\n`).join('')
const cut = (text: string, size: number): string[] => Array.from({length: Math.ceil(text.length / size)}, (_, i) => text.slice(i * size, (i + 1) * size))
const chatRequests = (): number => server?.requests.filter((request) => request.path.startsWith('/v1/chat')).length ?? 0

describe('kill -9 in the middle of a write: the file is the old or the new content', () => {
  // ≈ 4 MB written whole by write_file; ≈ 12 MB rewritten by edit_file (its limit is 16 MB).
  const OLD_WRITE = numbered('old', 60_000)
  const NEW_WRITE = numbered('new', 60_000)
  const OLD_EDIT = numbered('old', 180_000)
  const EDIT = {old_string: `line ${'0'.repeat(7)} old`, new_string: 'line 0000000 EDITED'}
  const NEW_EDIT = OLD_EDIT.replace(EDIT.old_string, EDIT.new_string)

  const writeCall: WireToolCall = {
    name: 'write_file',
    arguments: JSON.stringify({path: 'big.txt', content: NEW_WRITE}),
    argumentPieces: cut(JSON.stringify({path: 'big.txt', content: NEW_WRITE}), 256 * 1024),
  }
  const editCall: WireToolCall = {name: 'edit_file', arguments: {path: 'big.txt', ...EDIT}}
  const tools = {
    write_file: {call: writeCall, old: OLD_WRITE, new: NEW_WRITE},
    edit_file: {call: editCall, old: OLD_EDIT, new: NEW_EDIT},
  }
  const moments: KillMoment[] = [
    {after: 'request', delayMs: 0},
    {after: 'request', delayMs: 150},
    {after: 'temp-file', delayMs: 0},
    {after: 'temp-file', delayMs: 3},
    {after: 'temp-file', delayMs: 10},
    {after: 'temp-file', delayMs: 30},
    {after: 'target-changed', delayMs: 0},
    {after: 'target-changed', delayMs: 5},
  ]
  const cases = (['write_file', 'edit_file'] as const).flatMap((tool) => moments.map((moment) => [tool, moment.delayMs, moment.after, moment] as const))

  test.each(cases)('%s: SIGKILL %i ms after the %s moment', async (tool, _delay, _after, moment) => {
    const {call, old: before, new: after} = tools[tool]
    const file = path.join(sandbox.workspace, 'big.txt')
    await writeFile(file, before)
    server = await startWireServer([{flavor: 'llamacpp', toolCalls: [call]}, {flavor: 'llamacpp', text: 'Done.'}])
    const killed = await runAndKill({
      args: ['run', 'rewrite big.txt', '--api', server.url, '--model', MODEL, '--bypass-permissions'],
      cwd: sandbox.workspace,
      env: sandbox.env,
      moment,
      requested: () => chatRequests() > 0,
      tempFile: /^\.big\.txt\.[0-9a-f]+\.tmp$/u,
      target: file,
    })
    if (moment.after === 'temp-file' && moment.delayMs === 0) expect(killed).toMatchObject({sawTempFile: true, exitedFirst: false})
    const content = await readFile(file, 'utf8')
    const which = content === before ? 'old' : content === after ? 'new' : `neither (${content.length} chars)`
    expect(['old', 'new']).toContain(which)
    // A write killed midway may leave its hidden temp file; nothing else appears in the workspace.
    const others = (await readdir(sandbox.workspace)).filter((name) => name !== 'big.txt' && !/^\.big\.txt\.[0-9a-f]+\.tmp$/u.test(name))
    expect(others).toEqual([])
  }, TEST_TIMEOUT_MS)
})

/**
 * A bash call whose command starts a tree: a child, a grandchild in a nested shell, a pipeline, and a branch that
 * ignores SIGINT and SIGTERM (ignored signals stay ignored across exec, so its sleep does too: only SIGKILL ends it).
 */
// Each sleeper is named (bash `exec -a`) and found from outside by that name: commands run in the sandbox's own PID
// namespace by default, where `$!` is not a pid this test could watch.
const TREE_PIDS = ['child', 'grandchild', 'deaf', 'pipe']
const MARKERS = Object.fromEntries(TREE_PIDS.map((name) => [name, `${sleeperMarker()}-${name}`]))
const PROCESS_TREE = [
  `(exec -a ${MARKERS.child} sleep 300) &`,
  `sh -c 'bash -c "(exec -a ${MARKERS.grandchild} sleep 300) & wait" & wait' &`,
  `(trap '' INT TERM; exec -a ${MARKERS.deaf} sleep 300) &`,
  `(exec -a ${MARKERS.pipe} sleep 300) | cat &`,
  'wait',
].join(' ')

async function readTreePids(): Promise<SeenProcess[]> {
  const seen: SeenProcess[] = []
  for (const name of TREE_PIDS) {
    const pid = await findProcessNamed(MARKERS[name], 45_000)
    seen.push(await seeProcess(pid))
  }
  leftovers.push(...seen)
  return seen
}

async function expectAllGone(processes: SeenProcess[]): Promise<void> {
  const gone = await Promise.all(processes.map((seen) => waitUntilGone(seen)))
  expect(Object.fromEntries(TREE_PIDS.map((name, i) => [name, gone[i]]))).toEqual(Object.fromEntries(TREE_PIDS.map((name) => [name, true])))
}

describe('Ctrl-C while bash runs a tree of processes', () => {
  test('chat: the whole tree dies, the prompt returns, and the next message gets its answer', async () => {
    server = await startWireServer([
      {flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command: PROCESS_TREE}}]},
      {flavor: 'llamacpp', text: 'Still here after the stop.'},
    ])
    const term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', MODEL, '--bypass-permissions'], {cwd: sandbox.workspace, env: sandbox.env})
    try {
      await term.waitFor(/lillycoder ·/u)
      await term.typeLine('start the tree')
      const tree = await readTreePids()
      await term.press('C-c')
      await expectAllGone(tree)
      await term.waitFor(/cancelled/u)
      await term.typeLine('are you there?')
      const screen = await term.waitFor(/Still here after the stop\./u)
      expectNoCrash(screen)
      expect(await term.exited()).toBe(false)
      // The cancelled call was answered in the history, so the next request is one a server accepts.
      const [, second] = chatRequestBodies<{messages: Array<{role: string; content: string}>}>(server)
      expect(second.messages.filter((message) => message.role === 'tool')).toEqual([expect.objectContaining({content: expect.stringMatching(/cancel/iu)})])
    } finally {
      await term.kill()
    }
  }, TEST_TIMEOUT_MS)

  test('run: one SIGINT exits 130 and the whole tree dies, the deaf branch by SIGKILL', async () => {
    server = await startWireServer([{flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command: PROCESS_TREE}}]}, {flavor: 'llamacpp', text: 'never'}])
    const child = spawn(process.execPath, [CLI, 'run', 'start the tree', '--api', server.url, '--model', MODEL, '--bypass-permissions'], {cwd: sandbox.workspace, env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdout.resume()
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      const tree = await readTreePids()
      child.kill('SIGINT')
      expect(await exited).toBe(130)
      await expectAllGone(tree)
      expectNoCrash(stderr)
    } finally {
      child.kill('SIGKILL')
    }
  }, TEST_TIMEOUT_MS)
})

const run = promisify(execFile)

describe('a full disk (ENOSPC, a 2 MB tmpfs)', () => {
  test('write_file and edit_file fail with a clear result, the file keeps its content, no temp file is left, the turn goes on', async () => {
    const root = path.dirname(sandbox.workspace)
    const disk = path.join(root, 'tiny-disk')
    const out = path.join(root, 'out')
    await Promise.all([mkdir(disk), mkdir(out)])
    const bigWrite = JSON.stringify({path: 'notes.txt', content: numbered('new', 50_000)}) // ≈ 3 MB: more than the disk
    const notes = numbered('note', 3000) // ≈ 180 KB: the disk is filled to leave less than that free
    await writeFile(path.join(out, 'seed.txt'), notes)
    server = await startWireServer([
      {flavor: 'llamacpp', toolCalls: [{name: 'write_file', arguments: bigWrite, argumentPieces: cut(bigWrite, 64 * 1024)}]},
      {flavor: 'llamacpp', toolCalls: [{name: 'edit_file', arguments: {path: 'notes.txt', old_string: 'line 0000000 note', new_string: 'line 0000000 edited'}}]},
      {flavor: 'llamacpp', text: 'The disk is full; free some space.'},
    ])
    // In a private mount namespace (as root, or as a user through a user namespace) the mount ends with the shell.
    const script = [
      'set -u',
      'mount -t tmpfs -o size=2m tmpfs "$DISK" || exit 90',
      'cp "$OUT/seed.txt" "$DISK/notes.txt"',
      'head -c 1800k /dev/zero > "$DISK/filler" 2>/dev/null || true',
      'cd "$DISK"',
      '"$NODE" "$CLI" run "rewrite notes.txt" --json --api "$API" --model "$MODEL" --bypass-permissions > "$OUT/stdout" 2> "$OUT/stderr"',
      'echo $? > "$OUT/code"',
      'ls -a "$DISK" > "$OUT/listing"',
      'cp "$DISK/notes.txt" "$OUT/after.txt"',
    ].join('\n')
    await run('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], {
      env: {...sandbox.env, DISK: disk, OUT: out, NODE: process.execPath, CLI, API: server.url, MODEL},
      timeout: 60_000,
    })
    const [code, stdout, stderr, listing, after] = await Promise.all(['code', 'stdout', 'stderr', 'listing', 'after.txt'].map((name) => readFile(path.join(out, name), 'utf8')))
    expectNoCrash(stderr)
    const results = jsonLines(stdout).filter((event) => event.type === 'tool_result')
    expect(results).toEqual([
      expect.objectContaining({name: 'write_file', outcome: 'error', text: expect.stringMatching(/no space left on the device while writing notes\.txt/u)}),
      expect.objectContaining({name: 'edit_file', outcome: 'error', text: expect.stringMatching(/no space left on the device while writing notes\.txt/u)}),
    ])
    expect(after === notes).toBe(true)
    expect(listing.split('\n').filter(Boolean).sort()).toEqual(['.', '..', 'filler', 'notes.txt'])
    expect(jsonLines(stdout).at(-1)).toMatchObject({type: 'done', status: 'answered'})
    expect(code.trim()).toBe('0')
    await rm(disk, {recursive: true, force: true})
  }, TEST_TIMEOUT_MS)
})
