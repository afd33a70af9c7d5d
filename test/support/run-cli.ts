import {spawn} from 'node:child_process'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The built CLI's entry point; end-to-end tests run it as a real child process. */
export const CLI = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface Sandbox {
  /** The workspace the CLI starts in. */
  workspace: string
  home: string
  /** HOME and the XDG dirs pointed into the sandbox, colours off, no inherited endpoint. */
  env: NodeJS.ProcessEnv
  run(args: string[], options?: {input?: string; env?: NodeJS.ProcessEnv; cwd?: string}): Promise<CliResult>
  cleanup(): Promise<void>
}

/** A temp workspace and home for one test, with nothing from the developer's own environment leaking in. */
export async function createSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'lilly-e2e-'))
  const workspace = path.join(root, 'workspace')
  const home = path.join(root, 'home')
  const {mkdir} = await import('node:fs/promises')
  await mkdir(workspace, {recursive: true})
  await mkdir(home, {recursive: true})
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_STATE_HOME: path.join(home, '.local/state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    // Discovery must never find a real server on the developer's machine.
    LILLYCODER_DISCOVERY_PORTS: '1',
  }
  return {
    workspace,
    home,
    env,
    run: (args, options = {}) => runCli(args, {cwd: options.cwd ?? workspace, env: {...env, ...options.env}, input: options.input}),
    cleanup: () => rm(root, {recursive: true, force: true}),
  }
}

export function runCli(args: string[], options: {cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    // A hung CLI is a failed test with its output, not a jest timeout with none. Generous: a run on a loaded
    // machine takes seconds, and this bounds only a hang.
    const timeoutMs = options.timeoutMs ?? 25_000
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', reject)
    // 'close', not 'exit': after 'exit' the last output may still be in the pipes.
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stdout, stderr: killed ? `${stderr}\n[run-cli: killed after ${timeoutMs} ms]` : stderr})
    })
    // A CLI that exits before reading its input (a usage error) closes the pipe: the write fails with EPIPE,
    // which would be an unhandled error; the exit code and output tell the test what happened.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error)
    })
    child.stdin.end(options.input ?? '')
  })
}
