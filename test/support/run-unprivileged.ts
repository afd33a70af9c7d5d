import {spawn} from 'node:child_process'
import {chmod, chown} from 'node:fs/promises'
import path from 'node:path'

import {CLI, type CliResult, type Sandbox} from './run-cli.js'

/** The uid and gid of `nobody` on Debian: an account no file of the test belongs to unless given. */
const NOBODY = 65534

/**
 * How to run the CLI so that file modes apply. Root ignores them (a 0000 file is readable to root), so as root the
 * CLI runs as `nobody` through util-linux `setpriv`; as any other user it runs as that user.
 */
export const runsAsRoot = (): boolean => process.getuid?.() === 0

/** Hands the sandbox to the unprivileged user: its root dir enterable, its workspace and home theirs. */
export async function giveSandboxAway(sandbox: Sandbox): Promise<void> {
  if (!runsAsRoot()) return
  await chmod(path.dirname(sandbox.workspace), 0o755)
  for (const dir of [sandbox.workspace, sandbox.home]) await chown(dir, NOBODY, NOBODY)
}

/** Makes a file or dir the unprivileged user's own (root's files stay root's). */
export async function ownedByRunner(file: string): Promise<void> {
  if (runsAsRoot()) await chown(file, NOBODY, NOBODY)
}

/** Runs the built CLI as the unprivileged user in the sandbox; output and exit code as runCli gives them. */
export function runUnprivileged(sandbox: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const drop = runsAsRoot() ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'] : []
  const [command, ...rest] = [...drop, process.execPath, CLI, ...args]
  return new Promise((resolve, reject) => {
    const child = spawn(command, rest, {cwd: sandbox.workspace, env: {...sandbox.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    // Bounds only a hang, so a failure shows the output instead of a jest timeout.
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stdout, stderr})
    })
  })
}
