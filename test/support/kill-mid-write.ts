import {spawn} from 'node:child_process'
import {readdir, stat} from 'node:fs/promises'

import {PROBE_DEADLINE_MS, sleep} from './process-probes.js'
import {CLI} from './run-cli.js'

/**
 * When to kill: once the model request has arrived, once a write's temp file exists, or once the target file
 * changed in any way (inode, size or mtime: a writer that truncates in place is caught at its first byte); then
 * after `delayMs`.
 */
export interface KillMoment {
  after: 'request' | 'temp-file' | 'target-changed'
  delayMs: number
}

export interface KilledRun {
  /** The temp file of a write was seen before the kill: the kill landed in the middle of writing. */
  sawTempFile: boolean
  /** The CLI had already exited by itself when the kill was due. */
  exitedFirst: boolean
}

/**
 * Starts the built CLI with `args` in `cwd`, waits for the moment, and kills it with SIGKILL (no handler runs, as
 * with `kill -9` or the OOM killer). `requested()` says whether the scripted server has the model request yet.
 */
export async function runAndKill(options: {
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  moment: KillMoment
  requested: () => boolean
  tempFile: RegExp
  target: string
}): Promise<KilledRun> {
  const {args, cwd, env, moment, requested, tempFile, target} = options
  const original = fingerprint(await stat(target))
  const child = spawn(process.execPath, [CLI, ...args], {cwd, env, stdio: 'ignore'})
  let exited = false
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()))
  child.on('exit', () => (exited = true))
  const hasTemp = async (): Promise<boolean> => (await readdir(cwd)).some((name) => tempFile.test(name))
  let sawTempFile = false
  const deadline = Date.now() + PROBE_DEADLINE_MS * 2
  // Polled as fast as the event loop allows: a write of a few megabytes lasts only some milliseconds.
  while (!exited && Date.now() < deadline) {
    if (moment.after === 'request' && requested()) break
    if (moment.after === 'temp-file' && (await hasTemp())) {
      sawTempFile = true
      break
    }
    if (moment.after === 'target-changed' && fingerprint(await stat(target)) !== original) break
    await new Promise((resolve) => setImmediate(resolve))
  }
  if (moment.delayMs > 0) await sleep(moment.delayMs)
  const exitedFirst = exited
  if (!exited) child.kill('SIGKILL')
  await closed
  return {sawTempFile, exitedFirst}
}

const fingerprint = (stats: {ino: number; size: number; mtimeMs: number}): string => `${stats.ino}:${stats.size}:${stats.mtimeMs}`
