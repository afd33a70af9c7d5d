import {spawn} from 'node:child_process'

import type {RipgrepExit} from './ripgrep-walk.js'

/** A running ripgrep: its output as text, a way to stop it, and how it ended. */
export interface RipgrepProcess {
  stdout: AsyncIterable<string>
  kill(): void
  /** Never rejects: a ripgrep that could not start ends with no exit code, which callers read as "fall back". */
  done: Promise<RipgrepExit>
}

/** What of ripgrep's complaints is kept: they name paths, and a tree can have thousands of unreadable ones. */
const MAX_STDERR_CHARS = 64 * 1024

/**
 * Starts ripgrep with node:child_process directly rather than execa: a grep or find_files is one spawn, and
 * execa's set-up around it costs about as much as the spawn itself (≈ 10 ms measured), a tenth of a search.
 */
export function startRipgrep(ripgrep: string, args: readonly string[], options: {cwd: string; signal: AbortSignal}): RipgrepProcess {
  const child = spawn(ripgrep, args, {cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true})
  const stop = () => child.kill()
  if (options.signal.aborted) stop()
  else options.signal.addEventListener('abort', stop, {once: true})
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += text
  })
  const done = new Promise<RipgrepExit>((resolve) => {
    child.once('error', (error) => resolve({stderr: `${stderr}${error.message}`}))
    child.once('close', (code) => resolve(code === null ? {stderr} : {exitCode: code, stderr}))
  }).finally(() => options.signal.removeEventListener('abort', stop))
  return {stdout: readText(child.stdout.setEncoding('utf8')), kill: stop, done}
}

/** The output as it comes; a stream broken by a failed start simply ends (the exit says what happened). */
async function* readText(stream: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  try {
    for await (const chunk of stream) yield String(chunk)
  } catch {
    // `done` carries the reason.
  }
}
