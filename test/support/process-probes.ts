import {readFile} from 'node:fs/promises'

/** True while a process with this pid exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false
    throw error
  }
}

/**
 * Polls briefly for a process to die; resolves false if it still runs after ~5 s. Dead means
 * kill(pid, 0) fails with ESRCH, or the process is a zombie: an orphan waits for PID 1 to reap it,
 * and some container inits (this machine's included) do that minutes late.
 */
export async function waitUntilGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (!isAlive(pid) || (await isZombie(pid))) return true
    await sleep(25)
  }
  return false
}

/** Linux: the state field of /proc/<pid>/stat is Z for a process that died and was not reaped. */
async function isZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return ''
    throw error
  })
  // The command name is in parentheses and may contain spaces; the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
}

/** Polls for a file a shell writes (e.g. `echo $! > pidfile`) and parses the pid in it. */
export async function readPidFile(file: string): Promise<number> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return ''
      throw error
    })
    if (/^\d+\n/u.test(text)) return Number.parseInt(text, 10)
    await sleep(25)
  }
  throw new Error(`no pid was written to ${file}`)
}

/** Kills leftovers of a failed test so no `sleep 300` outlives the run. */
export function killIfAlive(pids: Iterable<number>): void {
  for (const pid of pids) {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Errors from node internals may come from another realm under jest, so no `instanceof Error`. */
function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
}
