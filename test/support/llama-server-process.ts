/**
 * The real llama.cpp `llama-server` built by scripts/build-llama-server.sh, started on 127.0.0.1 for a test file
 * with the tiny random-weight model. Its template, tokenizer, parser and window are real; its words are noise.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {createServer} from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface LlamaServerFiles {
  binary: string
  model: string
}

/** Where the build script caches its output (LILLYCODER_TEST_CACHE overrides, as in the script). */
export function llamaServerCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.LILLYCODER_TEST_CACHE ?? path.join(os.homedir(), '.cache', 'lillycoder-test')
}

/** The built server and model, or undefined when the build script has not run here. */
export function findLlamaServer(env: NodeJS.ProcessEnv = process.env): LlamaServerFiles | undefined {
  const cache = llamaServerCache(env)
  const files = {binary: path.join(cache, 'bin', 'llama-server'), model: path.join(cache, 'models', 'tiny-qwen2-tools.gguf')}
  return existsSync(files.binary) && existsSync(files.model) ? files : undefined
}

export interface RunningLlamaServer {
  /** `http://127.0.0.1:PORT` (no /v1). */
  root: string
  contextTokens: number
  /** What the server wrote to stderr, for a failing test's message. */
  log(): string
  stop(): Promise<void>
}

export interface LlamaServerOptions {
  contextTokens?: number
  /** How long start-up may take on a loaded machine. */
  startTimeoutMs?: number
}

/** Starts llama-server with --jinja on a free loopback port and waits until /health says it is ready. */
export async function startLlamaServer(files: LlamaServerFiles, options: LlamaServerOptions = {}): Promise<RunningLlamaServer> {
  const {contextTokens = 4096, startTimeoutMs = 120_000} = options
  const port = await freePort()
  // Default slots (4) with one unified cache: each request may use the whole -c window, as on a default server.
  const args = ['-m', files.model, '--jinja', '-c', String(contextTokens), '--host', '127.0.0.1', '--port', String(port)]
  args.push('-t', '1', '--no-webui', '--no-warmup', '--offline')
  const child = spawn(files.binary, args, {stdio: ['ignore', 'ignore', 'pipe']})
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000)
  })
  const root = `http://127.0.0.1:${port}`
  try {
    await waitUntilHealthy(root, child, startTimeoutMs)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`llama-server did not start: ${(error as Error).message}\n${stderr.slice(-3000)}`, {cause: error})
  }
  return {root, contextTokens, log: () => stderr, stop: () => stop(child)}
}

async function waitUntilHealthy(root: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const endsAt = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`)
    try {
      const response = await fetch(`${root}/health`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > endsAt) throw new Error(`/health not ready after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
