/** The probes the process and signal tests rely on, against real processes, including ones that vanish mid-read. */
import {spawn, type ChildProcess} from 'node:child_process'
import {once} from 'node:events'
import {mkdtemp, open, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {
  isAlive,
  killLeftovers,
  processState,
  readPidFile,
  seeProcess,
  waitUntilDelivered,
  waitUntilGone,
  type ProcFileReader,
} from './process-probes.js'

let workspace: string
const children: ChildProcess[] = []

beforeEach(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lilly-probes-'))
})

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
    }
  }
  await rm(workspace, {recursive: true, force: true})
})

/** A child of this process; node reaps it (waitpid) before it emits 'exit'. */
function start(command: string, args: string[]) {
  const child = spawn(command, args, {stdio: 'ignore'})
  children.push(child)
  const exited = once(child, 'exit')
  if (child.pid === undefined) throw new Error(`${command} did not start`)
  return {child, pid: child.pid, exited}
}

// Above the largest pid_max Linux allows (2^22), so no process ever had it.
const NEVER_A_PID = 4_194_305

describe('processState', () => {
  test('a pid that never existed is gone', async () => {
    expect(await processState(NEVER_A_PID)).toBe('gone')
    expect(isAlive(NEVER_A_PID)).toBe(false)
    expect(await waitUntilGone(NEVER_A_PID)).toBe(true)
  })

  test('a running process is running, and gone once it exited and was reaped', async () => {
    const {child, pid, exited} = start('sleep', ['300'])
    expect(await processState(pid)).toBe('running')
    child.kill('SIGKILL')
    await exited
    expect(await processState(pid)).toBe('gone')
    expect(await waitUntilGone(pid)).toBe(true)
  })

  test('a process reaped between open() and read() is gone: the kernel fails the read with ESRCH', async () => {
    const {child, pid, exited} = start('sleep', ['300'])
    const errors: unknown[] = []
    const openThenReap: ProcFileReader = async (file) => {
      const handle = await open(file, 'r')
      try {
        child.kill('SIGKILL')
        await exited
        return await handle.readFile('utf8')
      } catch (error) {
        errors.push(error)
        throw error
      } finally {
        await handle.close()
      }
    }
    expect(await processState(pid, openThenReap)).toBe('gone')
    // The race really happened, not an early ENOENT.
    expect(errors).toEqual([expect.objectContaining({code: 'ESRCH'})])
  })

  test('a child nobody reaps is a zombie, which counts as gone', async () => {
    const pidFile = path.join(workspace, 'pid')
    // After exec, the sleep is the background child's parent and never waits for it. The child exits only once
    // its parent is the sleep: exiting earlier, the shell would still be there to reap it.
    const child = `echo $$ > ${pidFile}; until [ "$(cat /proc/$PPID/comm)" = sleep ]; do sleep 0.01; done`
    start('bash', ['-c', `bash -c '${child}' & exec sleep 300`])
    const orphan = await readPidFile(pidFile)
    expect(await waitUntilGone(orphan)).toBe(true)
    expect(await processState(orphan)).toBe('zombie')
    expect(isAlive(orphan)).toBe(true)
  })
})

describe('killLeftovers', () => {
  test('kills a process that still runs as it was seen', async () => {
    const {pid, exited} = start('sleep', ['300'])
    await killLeftovers([await seeProcess(pid)])
    expect(await exited).toEqual([null, 'SIGKILL'])
  })

  test('spares a process with the same pid but another start time (a reused pid)', async () => {
    const {pid} = start('sleep', ['300'])
    const seen = await seeProcess(pid)
    await killLeftovers([{pid, startTicks: `${seen.startTicks}0`}])
    expect(await processState(pid)).toBe('running')
  })

  test('waitUntilGone counts a process with the seen pid but another start time as gone', async () => {
    const {pid} = start('sleep', ['300'])
    const seen = await seeProcess(pid)
    expect(await waitUntilGone({pid, startTicks: `${seen.startTicks}0`})).toBe(true)
    expect(await processState(pid)).toBe('running')
  })

  test('does nothing, and does not throw, for processes that are gone or never existed', async () => {
    const {child, pid, exited} = start('sleep', ['300'])
    const seen = await seeProcess(pid)
    child.kill('SIGKILL')
    await exited
    await expect(killLeftovers([seen, await seeProcess(NEVER_A_PID)])).resolves.toBeUndefined()
  })
})

describe('waitUntilDelivered', () => {
  test('waits while a signal is pending and returns once it was delivered', async () => {
    const ready = path.join(workspace, 'ready')
    // A shell that survives SIGUSR2 (a trap, not SIG_IGN: an ignored signal is dropped, never pending).
    const {child, pid} = start('bash', ['-c', `trap ':' USR2; echo $$ > ${ready}; while :; do sleep 1; done`])
    await readPidFile(ready)
    // A stopped process keeps every signal but SIGKILL and SIGCONT pending.
    child.kill('SIGSTOP')
    await waitUntilDelivered(pid, 'SIGSTOP')
    child.kill('SIGUSR2')
    await expect(waitUntilDelivered(pid, 'SIGUSR2', 300)).rejects.toThrow(/SIGUSR2 to process \d+ was still pending/)
    child.kill('SIGCONT')
    await waitUntilDelivered(pid, 'SIGUSR2')
    expect(await processState(pid)).toBe('running')
  })

  test('fails when the process is gone', async () => {
    await expect(waitUntilDelivered(NEVER_A_PID, 'SIGINT')).rejects.toThrow(/ended before SIGINT was delivered/)
  })
})
