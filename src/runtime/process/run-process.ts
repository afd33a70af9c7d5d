import {performance} from 'node:perf_hooks'
import {StringDecoder} from 'node:string_decoder'

import {countNewlines, type HeadTail} from '../text/elide-middle.js'
import {ToolError} from '../tools/tool-error.js'
import {errorText} from '../text/error-text.js'
import {bwrapArguments, type SandboxPlan} from './sandbox-plan.js'

/** Run the command inside bubblewrap with this plan. */
export interface ProcessSandbox {
  /** bwrap's path, as the probe found it. */
  bwrap: string
  plan: SandboxPlan
}

export interface RunProcessOptions {
  file: string
  args: readonly string[]
  cwd: string
  /** Added to the inherited environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  timeoutMs: number
  signal?: AbortSignal
  /** Per stream, at most this many bytes are kept (head and tail), however much the child prints. */
  maxOutputBytes?: number
  /** After SIGTERM, how long the process group has before SIGKILL. */
  killGraceMs?: number
  /** After the child exits, how long its output pipes may stay open (held by a background grandchild). */
  drainMs?: number
  /** Wraps the command in bubblewrap; it stays in the process group we kill, and its tree dies with bwrap. */
  sandbox?: ProcessSandbox
  /** Each piece of output as it arrives (decoded as UTF-8, never split inside a character), for a live view; never throws into the run. */
  onOutput?(text: string, stream: 'stdout' | 'stderr'): void
}

export interface RunProcessResult {
  /** null when the child was ended by a signal. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: HeadTail
  stderr: HeadTail
  timedOut: boolean
  aborted: boolean
  durationMs: number
}

const EMPTY_OUTPUT: HeadTail = {head: '', tail: '', elidedBytes: 0, elidedLines: 0}

/**
 * Runs a program (no shell) in its own process group with stdin closed. On timeout or abort the
 * whole group gets SIGTERM, then SIGKILL after the grace period, so grandchildren die too. Resolves
 * once the child has exited and its pipes closed, and never waits long on pipes that a grandchild
 * keeps open. A background process that let go of the pipes is left running unless the call
 * timed out or was aborted — but not past lillycoder itself: whenever it exits (a second Ctrl-C,
 * a crash), every group still alive gets SIGKILL. Throws ToolError only when the program cannot start.
 */
export async function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  const {signal, maxOutputBytes = 1024 * 1024, killGraceMs = 2000, drainMs = 500} = options
  const started = performance.now()
  const notStarted = (): RunProcessResult => ({
    exitCode: null,
    signal: null,
    stdout: EMPTY_OUTPUT,
    stderr: EMPTY_OUTPUT,
    timedOut: false,
    aborted: true,
    durationMs: Math.round(performance.now() - started),
  })
  if (signal?.aborted) return notStarted()

  const {execa} = await import('execa')
  // Aborted while execa loaded: start nothing, rather than start the command only to kill it a moment later.
  if (signal?.aborted) return notStarted()
  const {file, args} = options.sandbox
    ? {file: options.sandbox.bwrap, args: bwrapArguments(options.sandbox.plan, options)}
    : {file: options.file, args: options.args}
  const subprocess = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    // On Unix this is setsid(): a new process group to kill as one, and no terminal to prompt on.
    detached: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
  })
  const {pid} = subprocess
  if (pid === undefined) {
    const failure = await subprocess
    throw new ToolError({
      what: `Could not start ${options.file}`,
      why: failure.failed ? failure.shortMessage : 'the process has no pid',
      hint: `check that ${options.file} is installed and on PATH, and that ${options.cwd} exists`,
    })
  }

  const stdout = createOutputCapture(maxOutputBytes)
  const stderr = createOutputCapture(maxOutputBytes)
  subprocess.stdout?.on('data', (chunk: Buffer | string) => stdout.push(chunk))
  subprocess.stderr?.on('data', (chunk: Buffer | string) => stderr.push(chunk))
  if (options.onOutput) forwardOutput(subprocess, options.onOutput)

  trackGroup(pid)
  const group = createGroupTerminator(pid, killGraceMs)
  let timedOut = false
  let aborted = false
  const timeoutTimer = setTimeout(() => {
    timedOut = true
    group.terminate()
  }, options.timeoutMs)
  const onAbort = () => {
    aborted = true
    group.terminate()
  }
  // Nothing awaited since the check above, so an abort from here on reaches this listener.
  signal?.addEventListener('abort', onAbort, {once: true})

  let drainTimer: NodeJS.Timeout | undefined
  let closeTimer: NodeJS.Timeout | undefined
  subprocess.once('exit', () => {
    // The child is gone but a grandchild may hold our pipes open forever: end its group, then stop reading.
    drainTimer = setTimeout(() => {
      group.terminate()
      closeTimer = setTimeout(() => {
        subprocess.stdout?.destroy()
        subprocess.stderr?.destroy()
      }, killGraceMs + 100)
    }, drainMs)
  })

  try {
    const result = await subprocess
    return {
      exitCode: result.exitCode ?? null,
      signal: (result.signal as NodeJS.Signals | undefined) ?? null,
      stdout: stdout.finish(),
      stderr: stderr.finish(),
      timedOut,
      aborted,
      durationMs: Math.round(performance.now() - started),
    }
  } finally {
    clearTimeout(timeoutTimer)
    clearTimeout(drainTimer)
    clearTimeout(closeTimer)
    signal?.removeEventListener('abort', onAbort)
    // A terminating group is let go by its terminator; a background process that outlived the call is watched.
    if (!group.terminating) untrackWhenGone(pid)
  }
}

type OutputListener = NonNullable<RunProcessOptions['onOutput']>

/** Decodes each stream on its own (a chunk may end mid-character) and hands the text on; a throwing listener is dropped, not fatal. */
function forwardOutput(subprocess: {stdout?: NodeJS.ReadableStream | null; stderr?: NodeJS.ReadableStream | null}, listener: OutputListener): void {
  let live = true
  for (const stream of ['stdout', 'stderr'] as const) {
    const decoder = new StringDecoder('utf8')
    subprocess[stream]?.on('data', (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk)
      if (!live || text === '') return
      try {
        listener(text, stream)
      } catch {
        // A live view is a courtesy: the command's result must not depend on it.
        live = false
      }
    })
  }
}

export interface OutputCapture {
  push(chunk: Buffer | string): void
  finish(): HeadTail
  /** Bytes held right now; stays bounded however much is pushed. */
  retainedBytes(): number
}

/** Keeps the first and last `maxBytes / 2` bytes of a stream and counts what falls between. */
export function createOutputCapture(maxBytes: number): OutputCapture {
  const headBudget = Math.floor(maxBytes / 2)
  const tailBudget = maxBytes - headBudget
  const head: Buffer[] = []
  let headBytes = 0
  let tail: Buffer[] = []
  let tailBytes = 0
  let droppedBytes = 0
  let newlines = 0

  const compactTail = () => {
    const joined = Buffer.concat(tail)
    droppedBytes += joined.length - tailBudget
    tail = [Buffer.from(joined.subarray(joined.length - tailBudget))]
    tailBytes = tailBudget
  }

  return {
    push(chunk) {
      let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      newlines += countNewlines(bytes)
      if (headBytes < headBudget) {
        const taken = bytes.subarray(0, headBudget - headBytes)
        head.push(taken)
        headBytes += taken.length
        bytes = bytes.subarray(taken.length)
      }
      if (bytes.length === 0) return
      tail.push(bytes)
      tailBytes += bytes.length
      // Compacting only past twice the budget keeps this linear however small the chunks are.
      if (tailBytes > 2 * tailBudget) compactTail()
    },
    finish() {
      if (tailBytes > tailBudget) compactTail()
      const headBuffer = Buffer.concat(head)
      const tailBuffer = Buffer.concat(tail)
      if (droppedBytes === 0) {
        return {head: Buffer.concat([headBuffer, tailBuffer]).toString('utf8'), tail: '', elidedBytes: 0, elidedLines: 0}
      }
      // Cut on character boundaries; the partial characters count as elided.
      let headEnd = headBuffer.length
      while (headEnd > 0 && !isCompleteAt(headBuffer, headEnd)) headEnd--
      let tailStart = 0
      while (tailStart < tailBuffer.length && (tailBuffer[tailStart] & 0xc0) === 0x80) tailStart++
      const keptHead = headBuffer.subarray(0, headEnd)
      const keptTail = tailBuffer.subarray(tailStart)
      return {
        head: keptHead.toString('utf8'),
        tail: keptTail.toString('utf8'),
        elidedBytes: droppedBytes + headBuffer.length - headEnd + tailStart,
        elidedLines: newlines - countNewlines(keptHead) - countNewlines(keptTail),
      }
    },
    retainedBytes: () => headBytes + tailBytes,
  }
}

/** True when `bytes[0, end)` does not end inside a multi-byte UTF-8 character. */
function isCompleteAt(bytes: Buffer, end: number): boolean {
  let start = end - 1
  while (start > 0 && end - start < 4 && (bytes[start] & 0xc0) === 0x80) start--
  const lead = bytes[start]
  const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return end - start >= length
}

interface GroupTerminator {
  /** SIGTERM to the whole group now; SIGKILL to whatever is left after the grace period. */
  terminate(): void
  readonly terminating: boolean
}

/**
 * Escalation runs in the background rather than delaying the result: a killed orphan can stay a
 * zombie (and so in the group) until init reaps it, which some container inits do slowly or never.
 */
function createGroupTerminator(pgid: number, graceMs: number): GroupTerminator {
  let terminating = false
  return {
    get terminating() {
      return terminating
    },
    terminate() {
      if (terminating) return
      terminating = true
      if (!signalGroup(pgid, 'SIGTERM')) {
        untrackGroup(pgid)
        return
      }
      const deadline = performance.now() + graceMs
      // Stop watching once the group is empty, so a late SIGKILL cannot reach a reused group id.
      const watcher = setInterval(() => {
        if (!signalGroup(pgid, 0)) {
          clearInterval(watcher)
          untrackGroup(pgid)
        } else if (performance.now() >= deadline) {
          signalGroup(pgid, 'SIGKILL')
          clearInterval(watcher)
          untrackGroup(pgid)
        }
      }, 50)
    },
  }
}

/*
 * Groups that may still be alive. The SIGKILL escalation above is a timer, and timers die with lillycoder:
 * after process.exit (a second Ctrl-C in `run`) or an uncaught exception, a group that ignores SIGTERM would
 * live on. One 'exit' listener for all of them (not one per group, which would pile up) kills what is left.
 * Module state because the process is: there is one exit, whoever started the groups.
 */
const liveGroups = new Set<number>()

function killLiveGroups(): void {
  for (const pgid of liveGroups) {
    try {
      signalGroup(pgid, 'SIGKILL')
    } catch (error) {
      // Exiting anyway: say so, and go on with the other groups.
      process.stderr.write(`lillycoder: could not kill process group ${pgid}: ${errorText(error)}\n`)
    }
  }
}

function trackGroup(pgid: number): void {
  if (liveGroups.size === 0) process.on('exit', killLiveGroups)
  liveGroups.add(pgid)
}

function untrackGroup(pgid: number): void {
  if (liveGroups.delete(pgid) && liveGroups.size === 0) process.off('exit', killLiveGroups)
}

// How often a group that outlived its call is checked; the timer does not keep lillycoder running.
const BACKGROUND_CHECK_MS = 1000

function untrackWhenGone(pgid: number): void {
  if (!signalGroup(pgid, 0)) {
    untrackGroup(pgid)
    return
  }
  const watcher = setInterval(() => {
    if (signalGroup(pgid, 0)) return
    clearInterval(watcher)
    untrackGroup(pgid)
  }, BACKGROUND_CHECK_MS)
  watcher.unref()
}

/**
 * Signals every process in the group; false when none is left. EPERM means only processes we may
 * not signal remain (a setuid program): they exist, and throwing from a timer would crash us.
 */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (error) {
    // Not `instanceof Error`: errors from node internals can come from another realm (vm, jest).
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
    if (code === 'ESRCH') return false
    if (code === 'EPERM') return true
    throw error
  }
}
