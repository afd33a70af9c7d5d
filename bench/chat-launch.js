// `lillycoder chat` from spawn to the first /chat/completions request reaching the server, and the chat
// process's resident memory while it idles at the prompt after the first reply. Baselines in the same run:
// `node -e 0` spawn to exit, and a fresh node process that POSTs to the same server (spawn to arrival).
import {spawn} from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import {performance} from 'node:perf_hooks'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median, spawnTimed} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const MODEL = 'qwen2.5-coder:7b'
const REPLY = 'Hello from the bench server.'
// Settling time at the prompt before RSS is read: timers and GC after the reply have run by then.
const IDLE_MS = 500

export async function benchChatLaunch({runs = 7} = {}) {
  const {scratch, cwd, env} = await makeBenchSandbox('chat-launch', {NO_COLOR: '1'})
  const server = await startTimestampingServer()
  try {
    const node = process.execPath
    // One untimed launch: writes the tool-list cache and warms the OS file cache, as any second start would find them.
    await launchChat({node, cwd, env, server})
    const launches = []
    const nodeStarts = []
    const rawPosts = []
    for (let i = 0; i < runs; i++) {
      nodeStarts.push(await spawnTimed([node, '-e', '0'], {cwd, env}))
      rawPosts.push(await rawPost({node, cwd, env, server}))
      launches.push(await launchChat({node, cwd, env, server}))
    }
    const launchMs = median(launches.map((launch) => launch.firstRequestMs))
    const rssMb = median(launches.map((launch) => launch.rssKb / 1024))
    const cpuMs = median(launches.map((launch) => launch.cpuMs))
    const nodeMs = median(nodeStarts)
    const postMs = median(rawPosts)
    const rows = [
      ['`node -e 0`, spawn to exit (baseline)', formatMs(nodeMs), formatRatio(nodeMs, nodeMs), formatRatio(nodeMs, postMs)],
      ['fresh `node` POSTing to the server, spawn to arrival (baseline)', formatMs(postMs), formatRatio(postMs, nodeMs), formatRatio(postMs, postMs)],
      ['`lillycoder chat`, spawn to first /chat/completions', formatMs(launchMs), formatRatio(launchMs, nodeMs), formatRatio(launchMs, postMs)],
    ]
    const cpuNote = `CPU time (user + system) the chat process had used when its first chat request arrived: median ${formatMs(cpuMs)} — less sensitive than wall time to other work on the machine.`
    const markdown = [
      markdownTable(['launch', 'median', 'ratio to `node -e 0`', 'ratio to raw POST'], rows),
      '',
      markdownTable(
        ['chat process idle at the prompt after the first reply', 'median', 'min', 'max'],
        [['VmRSS', `${rssMb.toFixed(1)} MB`, `${(Math.min(...launches.map((l) => l.rssKb)) / 1024).toFixed(1)} MB`, `${(Math.max(...launches.map((l) => l.rssKb)) / 1024).toFixed(1)} MB`]],
      ),
      '',
      `${runs} launches, interleaved with the baselines, after one untimed launch. \`chat --api URL --model ${MODEL}\` with stdin a pipe (the REPL without a terminal), the line written as soon as the prompt shows; the server (in this process) stamps the moment the first chat request arrives, before its body is read.`,
      cpuNote,
      `RSS read from /proc/PID/status (VmRSS) ${IDLE_MS} ms after the reply was printed; HOME and XDG_* in a temp dir, no project config, no plugins.`,
    ].join('\n')
    return {
      title: 'Chat launch and idle memory',
      markdown,
      summary: `chat → first request ${formatMs(launchMs)} (${formatRatio(launchMs, nodeMs)} node -e 0, ${formatRatio(launchMs, postMs)} raw POST), idle RSS ${rssMb.toFixed(1)} MB`,
    }
  } finally {
    await server.close()
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/** Starts chat, types one line, waits for the reply, reads RSS at the idle prompt, then ends it with end-of-input. */
export async function launchChat({node, cwd, env, server}) {
  server.reset()
  const start = performance.now()
  const child = spawn(node, [CLI, 'chat', '--api', server.url, '--model', MODEL], {cwd, env, stdio: ['pipe', 'pipe', 'pipe']})
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)))
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text))
  child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text))
  let measured
  try {
    // The REPL reads lines from its first prompt on (type-ahead during set-up is not kept): type when it shows.
    await waitFor(() => stdout.includes('› '), 30_000, () => `no prompt; stdout: ${stdout.slice(-500)} stderr: ${stderr}`)
    child.stdin.write('say hello\n')
    const arrivedAt = await withTimeout(server.firstChat, 30_000, () => `no chat request within 30 s; stderr: ${stderr}`)
    const cpuMs = await cpuTimeMs(child.pid)
    await waitFor(() => stdout.includes(REPLY), 30_000, () => `no reply printed; stdout: ${stdout.slice(-500)} stderr: ${stderr}`)
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
    measured = {firstRequestMs: arrivedAt - start, cpuMs, rssKb: await residentKb(child.pid)}
  } finally {
    child.stdin.end()
    // A chat that does not leave at end of input is killed here, and reported below.
    const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timeout)
  }
  const code = await exited
  if (code !== 0) throw new Error(`chat exited ${code} at end of input: ${stderr.slice(-500)}`)
  return measured
}

/** Spawn to arrival of one POST from a fresh node process: what any Node client pays before its first request. */
async function rawPost({node, cwd, env, server}) {
  server.reset()
  const start = performance.now()
  const script = `fetch(${JSON.stringify(`${server.url}/chat/completions`)}, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{"model":"x","messages":[],"stream":true}'}).then((r) => r.text())`
  const child = spawn(node, ['-e', script], {cwd, env, stdio: 'ignore'})
  const exited = new Promise((resolve) => child.on('close', resolve))
  const arrivedAt = await withTimeout(server.firstChat, 30_000, () => 'the raw POST never arrived')
  await exited
  return arrivedAt - start
}

// /proc/PID/stat counts CPU time in clock ticks; 100 per second on Linux builds of every common architecture.
const CLOCK_TICKS_PER_SECOND = 100

/** user + system CPU time the process has used so far: what a loaded machine's waiting does not inflate. */
async function cpuTimeMs(pid) {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
}

async function residentKb(pid) {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(match[1])
}

/** A llama.cpp-like server that stamps (performance.now() of this process) when the first chat request arrives. */
export async function startTimestampingServer() {
  let firstChat
  let resolveFirst
  const reset = () => {
    firstChat = new Promise((resolve) => (resolveFirst = resolve))
  }
  reset()
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/v1/chat/completions') resolveFirst(performance.now())
    req.resume()
    req.on('end', () => answer(req, res))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    reset,
    get firstChat() {
      return firstChat
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function answer(req, res) {
  if (req.method === 'GET' && req.url === '/v1/models') return send(res, 200, 'application/json', JSON.stringify({object: 'list', data: [{id: MODEL, object: 'model', owned_by: 'llamacpp', meta: {n_ctx: 32768}}]}))
  if (req.method === 'GET' && req.url === '/props') return send(res, 200, 'application/json', JSON.stringify({default_generation_settings: {n_ctx: 32768}}))
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, 'application/json', '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}')
  const chunk = (delta, finish) => JSON.stringify({id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0, model: MODEL, choices: [{index: 0, delta, finish_reason: finish}]})
  send(res, 200, 'text/event-stream', [chunk({role: 'assistant', content: REPLY}, null), chunk({}, 'stop'), '[DONE]'].map((event) => `data: ${event}\n\n`).join(''))
}

function send(res, status, contentType, text) {
  res.writeHead(status, {'content-type': contentType, 'content-length': Buffer.byteLength(text)})
  res.end(text)
}

function withTimeout(promise, ms, message) {
  let timer
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms))),
  ])
}

async function waitFor(condition, ms, message) {
  const deadline = performance.now() + ms
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(message())
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
