// Token to screen in `chat`: the time from the scripted server writing one token to that token coming out of the
// chat's pseudo-terminal (util-linux `script` gives the chat a real pty; its output reaches this process through
// script's stdout). The server then stalls until the token has been seen, so nothing after it can carry it along.
// Baselines in the same run: a raw TCP write→read round trip inside this process, and a bare `node` that pipes
// a socket to its stdout under the same `script` (the floor for any Node program on a terminal).
import {spawn} from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import {performance} from 'node:perf_hooks'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {findExecutable, formatMs, formatRatio, makeBenchSandbox, markdownTable, median} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const MODEL = 'qwen2.5-coder:7b'
const WAIT_MS = 30_000

export async function benchTokenLatency({samples = 20, warmup = 2} = {}) {
  const script = findExecutable('script')
  if (!script) return {title: 'Token to screen in chat', markdown: 'Skipped: util-linux `script` is not on PATH (no pseudo-terminal to read from).', summary: 'skipped (no script)'}
  const {scratch, cwd, env} = await makeBenchSandbox('token-latency', {NO_COLOR: '1', TERM: 'xterm-256color'})
  try {
    const socketMs = await rawSocketRoundTrips(warmup + samples)
    const ptyFloorMs = await bareNodeThroughPty({script, cwd, env, count: warmup + samples})
    const chatMs = await chatTokenToScreen({script, cwd, env, count: warmup + samples})
    const [socket, floor, chat] = [socketMs, ptyFloorMs, chatMs].map((values) => values.slice(warmup))
    const row = (label, values) => [label, formatMs(median(values)), formatMs(Math.min(...values)), formatMs(Math.max(...values)), formatRatio(median(values), median(socket)), formatRatio(median(values), median(floor))]
    const markdown = [
      markdownTable(
        ['path', 'median', 'min', 'max', 'ratio to raw socket', 'ratio to bare node on a pty'],
        [
          row('raw TCP write → read, in this process (baseline)', socket),
          row('bare `node` piping the socket to its stdout, under `script` (baseline)', floor),
          row('`lillycoder chat`: server writes one token → token out of the pty', chat),
        ],
      ),
      '',
      `${samples} samples each after ${warmup} warm-ups. The chat case is one session: each sample types a line, the server answers with SSE headers and one content chunk holding a fresh token, and stalls until that token has come out of the pty; then it finishes the reply and the next line is typed at the prompt.`,
      `Clocks: the server, the sockets and the pty reader all live in this process (performance.now()); the time starts just before the server's write of the token's chunk. The pty is util-linux \`script -qfec\` (flush on every write) with a 120×40 window; \`NO_COLOR=1\`.`,
    ].join('\n')
    return {title: 'Token to screen in chat', markdown, summary: `chat token→pty ${formatMs(median(chat))} (${formatRatio(median(chat), median(floor))} bare node on a pty, ${formatRatio(median(chat), median(socket))} raw socket)`}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/** In-process loopback: write a few bytes on one end, time until the other end's 'data'. */
async function rawSocketRoundTrips(count) {
  let serverSide
  const server = net.createServer((socket) => (serverSide = socket))
  await listen(server)
  const client = net.connect(server.address().port, '127.0.0.1')
  await new Promise((resolve) => client.once('connect', resolve))
  await waitFor(() => serverSide !== undefined, 'the raw socket server never saw its client')
  const times = []
  try {
    for (let i = 0; i < count; i++) {
      const seen = new Promise((resolve) => client.once('data', () => resolve(performance.now())))
      const start = performance.now()
      serverSide.write(`token${i}`)
      times.push((await seen) - start)
    }
  } finally {
    client.destroy()
    serverSide.destroy()
    server.close()
  }
  return times
}

/** A bare node under `script` that pipes a TCP socket to its stdout: the floor for a Node program on a pty. */
async function bareNodeThroughPty({script, cwd, env, count}) {
  let serverSide
  const server = net.createServer((socket) => (serverSide = socket))
  await listen(server)
  const program = `require('node:net').connect(${server.address().port}, '127.0.0.1').pipe(process.stdout)`
  const pty = startUnderScript(script, [process.execPath, '-e', program], {cwd, env})
  const times = []
  try {
    await waitFor(() => serverSide !== undefined, () => `the piping node never connected; its pty shows: ${pty.output().slice(-300)}`)
    for (let i = 0; i < count; i++) {
      const token = `Floor${i}Token`
      const start = performance.now()
      serverSide.write(`${token}\n`)
      times.push((await pty.seen(token)) - start)
    }
  } finally {
    serverSide?.destroy()
    server.close()
    await pty.stop()
  }
  return times
}

/** The chat REPL on a pty against a server that sends one token per reply, then stalls until told to finish. */
async function chatTokenToScreen({script, cwd, env, count}) {
  const server = await startOneTokenServer()
  const pty = startUnderScript(script, [process.execPath, CLI, 'chat', '--api', server.url, '--model', MODEL], {cwd, env})
  const times = []
  try {
    await pty.seen('› ')
    for (let i = 0; i < count; i++) {
      const token = `Zebra${i}Quartz`
      // Armed before the line is typed, so the reply's write always finds its stamp.
      const written = server.expectToken(token)
      const promptsBefore = pty.count('› ')
      pty.type(`say the word number ${i}\r`)
      const writtenAt = await written
      times.push((await pty.seen(token)) - writtenAt)
      server.finish()
      // Back at the prompt (the reply is over) before the next line is typed.
      await waitFor(() => pty.count('› ') > promptsBefore, () => `no prompt after reply ${i}; the pty shows: ${pty.output().slice(-500)}`)
    }
  } finally {
    await pty.stop()
    await server.close()
  }
  return times
}

/** Runs argv under `script -qfec` with a 120×40 window; reads its output as it comes, stamping when text appears. */
function startUnderScript(script, argv, {cwd, env}) {
  const command = `stty cols 120 rows 40; exec ${argv.map(shellQuote).join(' ')}`
  const child = spawn(script, ['-qfec', command, '/dev/null'], {cwd, env, stdio: ['pipe', 'pipe', 'pipe']})
  let text = ''
  let waiters = []
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    const now = performance.now()
    text += chunk
    waiters = waiters.filter((waiter) => {
      if (!text.includes(waiter.needle, waiter.from)) return true
      waiter.resolve(now)
      return false
    })
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.on('close', resolve))
  return {
    output: () => text + stderr,
    count: (needle) => text.split(needle).length - 1,
    type: (keys) => child.stdin.write(keys),
    /** Resolves with the time the needle first came out, counting only output from now on. */
    seen: (needle) =>
      withTimeout(
        new Promise((resolve) => waiters.push({needle, from: Math.max(0, text.length - needle.length + 1), resolve})),
        () => `${needle} never came out of the pty; it shows: ${(text + stderr).slice(-500)}`,
      ),
    async stop() {
      child.stdin.end()
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** A llama.cpp-like server: each chat reply is SSE headers + one chunk with the expected token, then silence until finish(). */
async function startOneTokenServer() {
  const chunk = (delta, finish) => `data: ${JSON.stringify({id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0, model: MODEL, choices: [{index: 0, delta, finish_reason: finish}]})}\n\n`
  let expected = {token: '', stamp: () => undefined}
  let finish = () => undefined
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        const body = JSON.stringify({object: 'list', data: [{id: MODEL, object: 'model', owned_by: 'llamacpp', meta: {n_ctx: 32768}}]})
        return res.writeHead(200, {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)}).end(body)
      }
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return res.writeHead(404).end()
      res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'})
      res.flushHeaders()
      const {token, stamp} = expected
      // The headers go first, on their own, so the token's write is the only thing timed.
      setTimeout(() => {
        const start = performance.now()
        res.write(chunk({role: 'assistant', content: token}, null))
        stamp(start)
      }, 20)
      finish = () => res.end(`${chunk({}, 'stop')}data: [DONE]\n\n`)
    })
  })
  await listen(server)
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    /** The next reply carries `token`; resolves with the time just before its chunk was written. */
    expectToken(token) {
      const written = new Promise((resolve) => (expected = {token, stamp: resolve}))
      return withTimeout(written, () => 'the chat never sent its request')
    },
    finish: () => finish(),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
}

function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

function withTimeout(promise, message) {
  let timer
  return Promise.race([promise.finally(() => clearTimeout(timer)), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message())), WAIT_MS)))])
}

async function waitFor(condition, message) {
  const deadline = performance.now() + WAIT_MS
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(typeof message === 'function' ? message() : message)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
