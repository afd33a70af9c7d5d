import {readdir, readFile} from 'node:fs/promises'
import {randomUUID} from 'node:crypto'

import {PROBE_DEADLINE_MS, sleep} from './process-probes.js'

/**
 * A sandboxed command sees its own PID namespace: `$!` there is not the pid we could signal or watch. So its
 * sleeper is named (bash `exec -a`) and found from outside by that name.
 */
export function sleeperMarker(): string {
  return `lilly-sleeper-${randomUUID()}`
}

/** A bash command line that starts a 300 s sleeper named `marker` in the background and waits for it. */
export const namedSleeperCommand = (marker: string, prefix = '') => `${prefix}(exec -a ${marker} sleep 300) & wait`

/** The host pid of the process whose argv[0] is `marker`; throws when none shows up in time. */
export async function findProcessNamed(marker: string, deadlineMs = PROBE_DEADLINE_MS): Promise<number> {
  const deadline = Date.now() + deadlineMs
  do {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/u.test(entry)) continue
      // A process may end between the listing and the read: it is then not the one we look for.
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
      if (cmdline.split('\0')[0] === marker) return Number(entry)
    }
    await sleep(50)
  } while (Date.now() < deadline)
  throw new Error(`no process named ${marker} appeared within ${deadlineMs} ms`)
}

/** How many PID namespaces deep the process is (1: the host's own; 2: a sandbox's), from /proc/<pid>/status. */
export async function pidNamespaceDepth(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const line = status.split('\n').find((text) => text.startsWith('NSpid:'))
  return line ? line.slice('NSpid:'.length).trim().split(/\s+/u).length : 1
}
