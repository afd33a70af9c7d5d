import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {mkdtemp, realpath, rm, stat, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {countNewlines, utf8Length} from '../../../src/runtime/text/elide-middle.js'
import {createOutputCapture, runProcess, type RunProcessOptions} from '../../../src/runtime/process/run-process.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'
import {isAlive, killLeftovers, readPidFile, seeProcess, waitUntilGone, type SeenProcess} from '../../support/process-probes.js'

let workspace: string
const started: SeenProcess[] = []

beforeEach(async () => {
  workspace = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lilly-run-process-')))
})

afterEach(async () => {
  await killLeftovers(started.splice(0))
  await rm(workspace, {recursive: true, force: true})
})

const bash = (script: string, extra: Partial<RunProcessOptions> = {}) =>
  runProcess({file: 'bash', args: ['-c', script], cwd: workspace, timeoutMs: 20_000, ...extra})

/** What `seq 1 n` prints, built here rather than read back from the process. */
const seqOutput = (n: number) => Array.from({length: n}, (_, i) => `${i + 1}\n`).join('')

describe('runProcess', () => {
  test.each([0, 1, 3, 255])('reports exit code %i', async (code) => {
    const result = await bash(`exit ${code}`)
    expect(result).toMatchObject({exitCode: code, signal: null, timedOut: false, aborted: false})
  })

  test('keeps stdout and stderr apart', async () => {
    const result = await bash('echo to-out; echo to-err >&2; echo more-out')
    expect(result.stdout.head).toBe('to-out\nmore-out\n')
    expect(result.stderr.head).toBe('to-err\n')
  })

  test('reports the signal that ended the child', async () => {
    const result = await bash('kill -TERM $$')
    expect(result.exitCode).toBeNull()
    expect(result.signal).toBe('SIGTERM')
  })

  test('runs in the given directory with stdin closed', async () => {
    const result = await bash('pwd; cat; echo "cat exited $?"')
    expect(result.stdout.head).toBe(`${workspace}\ncat exited 0\n`)
  })

  test('passes args without a shell: metacharacters arrive as text', async () => {
    const result = await runProcess({file: 'printf', args: ['%s|', 'a b', '$(echo x)', '>file'], cwd: workspace, timeoutMs: 10_000})
    expect(result.stdout.head).toBe('a b|$(echo x)|>file|')
    await expect(stat(path.join(workspace, 'file'))).rejects.toThrow(/ENOENT/)
  })

  test('adds env variables and removes those set to undefined', async () => {
    process.env.LILLY_TEST_REMOVED = 'present'
    try {
      const result = await bash('echo "$LILLY_TEST_ADDED ${LILLY_TEST_REMOVED-unset}"', {
        env: {LILLY_TEST_ADDED: 'added', LILLY_TEST_REMOVED: undefined},
      })
      expect(result.stdout.head).toBe('added unset\n')
    } finally {
      delete process.env.LILLY_TEST_REMOVED
    }
  })

  test('keeps head and tail of output over the cap and counts exactly what was elided', async () => {
    const lines = 300_000 // about 1.9 MB
    const expected = seqOutput(lines)
    const maxOutputBytes = 64 * 1024
    const result = await bash(`seq 1 ${lines}`, {maxOutputBytes})
    const {head, tail, elidedBytes, elidedLines} = result.stdout

    expect(utf8Length(head) + utf8Length(tail)).toBeLessThanOrEqual(maxOutputBytes)
    expect(head.length).toBeGreaterThan(0)
    expect(tail.length).toBeGreaterThan(0)
    expect(expected.startsWith(head)).toBe(true)
    expect(expected.endsWith(tail)).toBe(true)
    const middle = expected.slice(head.length, expected.length - tail.length)
    expect(elidedBytes).toBe(utf8Length(middle))
    expect(elidedLines).toBe(countNewlines(middle))
  })

  test('a timeout kills the whole process group, grandchildren included', async () => {
    const pidFile = path.join(workspace, 'pid')
    const running = bash(`sleep 300 & echo $! > ${pidFile}; wait`, {timeoutMs: 2000})
    const grandchild = await readPidFile(pidFile)
    started.push(await seeProcess(grandchild))
    const result = await running

    expect(result.timedOut).toBe(true)
    expect(result.aborted).toBe(false)
    expect(await waitUntilGone(grandchild)).toBe(true)
  })

  test('a group that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const pidFile = path.join(workspace, 'pid')
    // trap '' makes the shell and the sleep it starts ignore SIGTERM.
    const running = bash(`trap '' TERM; sleep 300 & echo $! > ${pidFile}; wait`, {timeoutMs: 2000, killGraceMs: 200})
    const grandchild = await readPidFile(pidFile)
    started.push(await seeProcess(grandchild))
    const result = await running

    expect(result.timedOut).toBe(true)
    expect(result.signal).toBe('SIGKILL')
    expect(await waitUntilGone(grandchild)).toBe(true)
  })

  test('an abort kills the whole process group', async () => {
    const pidFile = path.join(workspace, 'pid')
    const controller = new AbortController()
    const running = bash(`sleep 300 & echo $! > ${pidFile}; wait`, {signal: controller.signal})
    const grandchild = await readPidFile(pidFile)
    started.push(await seeProcess(grandchild))
    expect(isAlive(grandchild)).toBe(true)
    controller.abort()
    const result = await running

    expect(result.aborted).toBe(true)
    expect(result.timedOut).toBe(false)
    expect(await waitUntilGone(grandchild)).toBe(true)
  })

  test('an already aborted signal starts nothing', async () => {
    const controller = new AbortController()
    controller.abort()
    const result = await bash(`touch ${path.join(workspace, 'ran')}`, {signal: controller.signal})
    expect(result.aborted).toBe(true)
    await expect(stat(path.join(workspace, 'ran'))).rejects.toThrow(/ENOENT/)
  })

  test('an abort while the call is still starting starts nothing', async () => {
    const controller = new AbortController()
    const running = bash(`touch ${path.join(workspace, 'ran')}`, {signal: controller.signal})
    // runProcess is now at its first await (loading execa), past the check for an already aborted signal.
    controller.abort()
    const result = await running
    expect(result).toMatchObject({aborted: true, exitCode: null, signal: null})
    await expect(stat(path.join(workspace, 'ran'))).rejects.toThrow(/ENOENT/)
  })

  test('does not hang when a grandchild keeps stdout open after the shell exits', async () => {
    const pidFile = path.join(workspace, 'pid')
    const result = await bash(`sleep 300 & echo $! > ${pidFile}; echo done`, {drainMs: 200, killGraceMs: 200})
    const grandchild = await readPidFile(pidFile)
    started.push(await seeProcess(grandchild))

    expect(result.exitCode).toBe(0)
    expect(result.timedOut).toBe(false)
    expect(result.stdout.head).toBe('done\n')
    expect(await waitUntilGone(grandchild)).toBe(true)
  })

  test('does not hang when the pipe holder left the process group (setsid)', async () => {
    const pidFile = path.join(workspace, 'pid')
    // exec keeps the pid written; setsid moves it out of our group, out of reach of the group kill. The shell
    // exits only once the pid is written, i.e. once it left: the drain's group kill must not catch it still inside.
    const result = await bash(`setsid bash -c 'echo $$ > ${pidFile}; exec sleep 300' & until [ -s ${pidFile} ]; do sleep 0.01; done; echo done`, {
      drainMs: 200,
      killGraceMs: 200,
    })
    const escaped = await readPidFile(pidFile)
    started.push(await seeProcess(escaped))

    expect(result.exitCode).toBe(0)
    expect(result.stdout.head).toBe('done\n')
  })

  test('a program that cannot start is a ToolError naming it', async () => {
    const running = runProcess({file: 'lilly-no-such-program', args: [], cwd: workspace, timeoutMs: 5000})
    await expect(running).rejects.toThrow(ToolError)
    await expect(running).rejects.toThrow(/lilly-no-such-program/)
  })
})

describe('when lillycoder exits while a group runs', () => {
  const runProcessSource = path.resolve('src/runtime/process/run-process.ts')

  // Each child starts a group that ignores SIGTERM through runProcess, waits for it to be up, then ends this way.
  const endings: Array<[how: string, ending: string, exitCode: number]> = [
    ['process.exit while the command runs', 'process.exit(130)', 130],
    ['process.exit after Ctrl-C, inside the SIGKILL grace period', 'controller.abort(); setTimeout(() => process.exit(130), 100)', 130],
    ['an uncaught exception', "setTimeout(() => { throw new Error('a bug') }, 0)", 1],
  ]

  test.each(endings)('%s: the whole group is killed with it', async (_how, ending, exitCode) => {
    const leaderFile = path.join(workspace, 'leader')
    const pidFile = path.join(workspace, 'pid')
    const child = path.join(workspace, 'child.mts')
    await writeFile(
      child,
      `import {existsSync, readFileSync} from 'node:fs'
import {runProcess} from ${JSON.stringify(runProcessSource)}
const controller = new AbortController()
void runProcess({file: 'bash', args: ['-c', ${JSON.stringify(`trap '' TERM; echo $$ > ${leaderFile}; sleep 300 & echo $! > ${pidFile}; wait`)}],
  cwd: ${JSON.stringify(workspace)}, timeoutMs: 60_000, killGraceMs: 60_000, signal: controller.signal})
const up = setInterval(() => {
  // The shell creates the file empty, then writes: only a whole line says the group is up.
  if (!existsSync(${JSON.stringify(pidFile)}) || !/^\\d+\\n/.test(readFileSync(${JSON.stringify(pidFile)}, 'utf8'))) return
  clearInterval(up)
  ${ending}
}, 20)
`,
    )
    const node = spawn(process.execPath, ['--import', 'tsx', child], {cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe']})
    // Listening from the spawn on: the child ends as soon as the group is up, often before both pid files are read.
    const exited = once(node, 'close') as Promise<[number | null, NodeJS.Signals | null]>
    let stderr = ''
    node.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const leader = await readPidFile(leaderFile)
    const grandchild = await readPidFile(pidFile)
    started.push(await seeProcess(leader), await seeProcess(grandchild))
    const [code] = await exited

    // With stderr, so a failure shows what the child said.
    expect({code, stderr}).toMatchObject({code: exitCode})
    expect(await waitUntilGone(grandchild)).toBe(true)
    expect(await waitUntilGone(leader)).toBe(true)
  }, 60_000)
})

describe('createOutputCapture', () => {
  test('holds a bounded number of bytes however much is pushed, and counts the rest', () => {
    const maxBytes = 1000
    const capture = createOutputCapture(maxBytes)
    const chunk = Buffer.from('0123456789abcdefghi\n') // 20 bytes, one line
    let mostRetained = 0
    for (let i = 0; i < 200_000; i++) {
      capture.push(chunk)
      mostRetained = Math.max(mostRetained, capture.retainedBytes())
    }
    expect(mostRetained).toBeLessThanOrEqual(2 * maxBytes + chunk.length)

    const {head, tail, elidedBytes, elidedLines} = capture.finish()
    const total = 200_000 * chunk.length
    expect(utf8Length(head) + utf8Length(tail) + elidedBytes).toBe(total)
    expect(countNewlines(head) + countNewlines(tail) + elidedLines).toBe(200_000)
    expect(utf8Length(head) + utf8Length(tail)).toBeLessThanOrEqual(maxBytes)
  })

  test('keeps everything, uncut, when it fits', () => {
    const capture = createOutputCapture(100)
    capture.push('hello ')
    capture.push(Buffer.from('world\n'))
    expect(capture.finish()).toEqual({head: 'hello world\n', tail: '', elidedBytes: 0, elidedLines: 0})
  })

  test('never splits a multi-byte character; the partial bytes count as elided', () => {
    const text = 'é'.repeat(1000) // 2000 bytes
    const capture = createOutputCapture(103) // odd halves land inside characters
    const bytes = Buffer.from(text)
    for (let at = 0; at < bytes.length; at += 7) capture.push(bytes.subarray(at, at + 7))
    const {head, tail, elidedBytes} = capture.finish()
    expect(head).toMatch(/^é+$/u)
    expect(tail).toMatch(/^é+$/u)
    expect(utf8Length(head) + utf8Length(tail) + elidedBytes).toBe(2000)
  })
})
