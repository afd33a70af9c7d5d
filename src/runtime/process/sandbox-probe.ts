import {execFile} from 'node:child_process'

import {findExecutable} from './find-executable.js'

/** Whether bubblewrap can run a command here, and if not, why and what to do. */
export type SandboxProbe = {available: true; bwrap: string} | {available: false; reason: string; hint: string}

export interface ProbeOptions {
  /** bwrap's arguments for the plan the session will use, with `true` as the command. */
  argv: readonly string[]
  platform?: NodeJS.Platform
  /** The PATH bwrap is looked up in. */
  searchPath?: string
  /** Bounds a bwrap that hangs (it should answer in milliseconds). */
  timeoutMs?: number
}

export const INSTALL_BUBBLEWRAP_HINT = 'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)'

/** One probe per plan and PATH for the life of the process: it costs a bwrap start, and the answer does not change. */
const probes = new Map<string, Promise<SandboxProbe>>()

/** Runs the plan once with `true` inside; a failure of any kind is an answer (unavailable, with bwrap's reason), never a throw. */
export function probeSandbox(options: ProbeOptions): Promise<SandboxProbe> {
  const {platform = process.platform, searchPath = process.env.PATH ?? ''} = options
  const key = JSON.stringify([platform, searchPath, options.argv])
  let probe = probes.get(key)
  if (!probe) {
    probe = runProbe({...options, platform, searchPath})
    probes.set(key, probe)
  }
  return probe
}

async function runProbe(options: Required<Pick<ProbeOptions, 'platform' | 'searchPath'>> & ProbeOptions): Promise<SandboxProbe> {
  if (options.platform !== 'linux')
    return {
      available: false,
      reason: `no sandbox on this OS (${options.platform}): lillycoder sandboxes commands with bubblewrap on Linux only`,
      hint: 'run lillycoder in the docker-compose container to isolate what commands can change',
    }
  const bwrap = await findExecutable('bwrap', options.searchPath)
  if (bwrap === undefined) return {available: false, reason: 'bubblewrap (bwrap) is not on PATH', hint: INSTALL_BUBBLEWRAP_HINT}
  const failure = await runTrue(bwrap, options.argv, options.timeoutMs ?? 10_000)
  if (failure === undefined) return {available: true, bwrap}
  return {
    available: false,
    reason: `bwrap is installed but cannot sandbox here: ${failure}`,
    hint: 'user namespaces may be disabled (a locked-down container, or sysctl kernel.unprivileged_userns_clone=0), or the workspace cannot be mounted',
  }
}

/** bwrap's complaint when it could not run `true` in the plan, undefined when it could. */
function runTrue(bwrap: string, args: readonly string[], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(bwrap, args, {timeout: timeoutMs, killSignal: 'SIGKILL'}, (error, _stdout, stderr) => {
      if (!error) return resolve(undefined)
      const said = String(stderr).trim().split('\n')[0]
      if (error.killed) return resolve(`it did not answer within ${timeoutMs} ms`)
      resolve(said || error.message)
    })
  })
}
