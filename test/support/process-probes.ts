import {readFile} from 'node:fs/promises'
import {constants} from 'node:os'

/**
 * How long a probe waits for its condition before it gives up. It bounds only a failure (a success returns as
 * soon as the condition holds), so it is generous for a loaded 2-core machine, yet under jest's 30 s test
 * timeout so a failure names what it waited for.
 */
export const PROBE_DEADLINE_MS = 20_000
const POLL_MS = 25

/** What /proc says about a pid: still running (or stopped, sleeping…), dead but not reaped, or no such process. */
export type ProcessState = 'running' | 'zombie' | 'gone'

/** A process as first seen: its start time tells it apart from a later process given the same pid. */
export interface SeenProcess {
  readonly pid: number
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); undefined when it was gone already. */
  readonly startTicks: string | undefined
}

/** True while a process with this pid exists, zombies included (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false
    // It exists, but belongs to someone we may not signal.
    if (errorCode(error) === 'EPERM') return true
    throw error
  }
}

/** How a /proc file is read; a test passes one that lets the process die between open() and read(). */
export type ProcFileReader = (file: string) => Promise<string>

const readUtf8: ProcFileReader = (file) => readFile(file, 'utf8')

/** The process's state from /proc; a process that vanishes at any point of the read is 'gone'. */
export async function processState(pid: number, read: ProcFileReader = readUtf8): Promise<ProcessState> {
  const stat = await readStat(pid, read)
  if (!stat) return 'gone'
  // X (dead) is the instant between being reaped and leaving /proc.
  if (stat.state === 'X' || stat.state === 'x') return 'gone'
  return stat.state === 'Z' ? 'zombie' : 'running'
}

/** Notes a pid's start time, so a later kill cannot hit another process that was given the same pid. */
export async function seeProcess(pid: number): Promise<SeenProcess> {
  return {pid, startTicks: (await readStat(pid))?.startTicks}
}

/**
 * Waits for a process to die; false if it still runs after PROBE_DEADLINE_MS. Dead means gone from /proc, or a
 * zombie: an orphan waits for PID 1 to reap it, and some container inits (this machine's included) do that
 * minutes late. Given a SeenProcess, another process that got its pid counts as gone too.
 */
export async function waitUntilGone(target: number | SeenProcess): Promise<boolean> {
  const deadline = Date.now() + PROBE_DEADLINE_MS
  do {
    if (!(await stillRuns(target))) return true
    await sleep(POLL_MS)
  } while (Date.now() < deadline)
  return !(await stillRuns(target))
}

/** Running (not a zombie) and, given a SeenProcess, still the process that was seen. */
async function stillRuns(target: number | SeenProcess): Promise<boolean> {
  const {pid, startTicks} = typeof target === 'number' ? {pid: target, startTicks: undefined} : target
  const stat = await readStat(pid)
  if (!stat || stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false
  return typeof target === 'number' || stat.startTicks === startTicks
}

/**
 * Waits until the kernel has handed a signal we sent to a process, so a second one of the same kind is a second
 * delivery: two standard signals sent before the first is delivered merge into one (signal(7)).
 */
export async function waitUntilDelivered(pid: number, signal: NodeJS.Signals, deadlineMs = PROBE_DEADLINE_MS): Promise<void> {
  const bit = 1n << BigInt(constants.signals[signal] - 1)
  const deadline = Date.now() + deadlineMs
  do {
    const status = await readProcFile(pid, 'status', readUtf8)
    if (status === undefined) throw new Error(`process ${pid} ended before ${signal} was delivered`)
    // SigPnd: pending for the thread; ShdPnd: pending for the whole process, where kill(2) puts it.
    const pending = [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gmu)].map((match) => BigInt(`0x${match[1]}`))
    if (pending.length === 2 && pending.every((mask) => (mask & bit) === 0n)) return
    await sleep(POLL_MS)
  } while (Date.now() < deadline)
  throw new Error(`${signal} to process ${pid} was still pending after ${deadlineMs} ms`)
}

/** Polls for a file a shell writes (e.g. `echo $! > pidfile`) and parses the pid in it. */
export async function readPidFile(file: string, deadlineMs = PROBE_DEADLINE_MS): Promise<number> {
  const deadline = Date.now() + deadlineMs
  do {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return ''
      throw error
    })
    // The shell truncates, then writes: the newline says the number is whole.
    if (/^\d+\n/u.test(text)) return Number.parseInt(text, 10)
    await sleep(POLL_MS)
  } while (Date.now() < deadline)
  throw new Error(`no pid was written to ${file} within ${deadlineMs} ms`)
}

/**
 * Kills leftovers of a failed test so no `sleep 300` outlives the run. Only a process that still runs with the
 * start time it was seen with: the pid of one that died may already belong to someone else's process.
 */
export async function killLeftovers(processes: Iterable<SeenProcess>): Promise<void> {
  for (const seen of processes) {
    if (!(await stillRuns(seen))) continue
    try {
      process.kill(seen.pid, 'SIGKILL')
    } catch (error) {
      // It died between the check and the kill: what we wanted.
      if (errorCode(error) !== 'ESRCH') throw error
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Stat {
  state: string
  startTicks: string
}

/** Parses /proc/<pid>/stat; undefined when there is no such process (any more). */
async function readStat(pid: number, read: ProcFileReader = readUtf8): Promise<Stat | undefined> {
  const text = await readProcFile(pid, 'stat', read)
  // The command name is in parentheses and may contain spaces and ')'; the fields after the last ')' are
  // state (field 3) … starttime (field 22).
  const fields = text?.slice(text.lastIndexOf(')') + 2).split(' ')
  if (!fields || fields.length < 20) return undefined
  return {state: fields[0], startTicks: fields[19]}
}

/**
 * Reads /proc/<pid>/<name>. A process can vanish at any moment: once reaped, open() fails with ENOENT; if it
 * is reaped between open() and read(), the read fails with ESRCH (fs/proc/base.c, proc_single_show). Both
 * mean "no such process"; anything else (EACCES under hidepid, say) is a real error.
 */
async function readProcFile(pid: number, name: string, read: ProcFileReader): Promise<string | undefined> {
  try {
    return await read(`/proc/${pid}/${name}`)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ESRCH') return undefined
    throw error
  }
}

/** Errors from node internals may come from another realm under jest, so no `instanceof Error`. */
function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
}
