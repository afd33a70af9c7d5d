// How long `lillycoder run` lives after the server has sent its last reply: the time from the server finishing
// that response to the child process's exit, both on this process's clock. A keep-alive socket, a pool nobody
// closed or V8 still compiling WebAssembly in the background keeps a Node process alive after its work is done.
// Baselines from the same run: a fresh node process that does one POST with node:http (Connection: close) and
// exits, and one that does the same POST with fetch (undici, keep-alive), left to exit by itself.
import {spawn} from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import {performance} from 'node:perf_hooks'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const RUNS = 9

const ANSWER = [
  {choices: [{index: 0, delta: {role: 'assistant', content: 'done'}, finish_reason: null}]},
  {choices: [{index: 0, delta: {}, finish_reason: 'stop'}]},
]
  .map((chunk) => `data: ${JSON.stringify({id: 'c', object: 'chat.completion.chunk', created: 0, model: 'bench', ...chunk})}\n\n`)
  .concat('data: [DONE]\n\n')
  .join('')
const MODELS = JSON.stringify({object: 'list', data: [{id: 'bench', object: 'model', owned_by: 'llamacpp', meta: {n_ctx: 32768}}]})

const HTTP_POST = `const http = require('node:http')
const req = http.request(process.argv[1], {method: 'POST', headers: {'content-type': 'application/json', connection: 'close'}}, (res) => { res.resume() })
req.end('{"model":"bench","messages":[{"role":"user","content":"hi"}],"stream":true}')`
const FETCH_POST = `fetch(process.argv[1], {method: 'POST', headers: {'content-type': 'application/json'}, body: '{"model":"bench","messages":[{"role":"user","content":"hi"}],"stream":true}'}).then((res) => res.text())`

export async function benchRunExit() {
  const {scratch, cwd: workspace, env} = await makeBenchSandbox('run-exit')
  const server = await startAnsweringServer()
  try {
    const url = `${server.url}/chat/completions`
    const subjects = [
      {label: 'node:http POST, Connection: close (baseline)', argv: [process.execPath, '-e', HTTP_POST, url]},
      {label: 'fetch POST, keep-alive, left to exit by itself', argv: [process.execPath, '-e', FETCH_POST, url]},
      {label: '`lillycoder run`, one answer', argv: [process.execPath, CLI, 'run', 'hi', '--api', server.url, '--model', 'bench', '--context', '32768']},
    ]
    const delays = subjects.map(() => [])
    // Interleaved, one untimed round first, so load that comes and goes touches every subject alike.
    for (let round = -1; round < RUNS; round++)
      for (const [index, subject] of subjects.entries()) {
        const delay = await exitDelay(subject.argv, server, {cwd: workspace, env})
        if (round >= 0) delays[index].push(delay)
      }
    const medians = delays.map((values) => median(values))
    const markdown = [
      markdownTable(
        ['process', 'last reply sent → process exited (median)', 'min', 'max', 'ratio to baseline'],
        subjects.map((subject, index) => [subject.label, formatMs(medians[index]), formatMs(Math.min(...delays[index])), formatMs(Math.max(...delays[index])), formatRatio(medians[index], medians[0])]),
      ),
      '',
      `Measured from the moment the server finished writing its last response to the moment the child process exited, both on the benchmark's clock; ${RUNS} interleaved runs of each after one untimed round. The fetch row shows what an unclosed keep-alive pool and undici's WebAssembly parser cost a process that does not close them.`,
    ].join('\n')
    return {title: '`run` exit after the last reply', markdown, summary: `run exits ${formatMs(medians[2])} after its last reply (baseline ${formatMs(medians[0])}, unclosed fetch ${formatMs(medians[1])})`}
  } finally {
    await server.close()
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/** Spawns argv, waits for it to exit, and returns exit time minus the time the server last finished a response. */
function exitDelay(argv, server, {cwd, env}) {
  return new Promise((resolve, reject) => {
    server.lastFinishedMs = undefined
    const child = spawn(argv[0], argv.slice(1), {cwd, env, stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text))
    child.on('error', reject)
    child.on('exit', (code) => {
      const exitedMs = performance.now()
      if (code !== 0) return reject(new Error(`${argv.slice(0, 3).join(' ')} exited ${code}: ${stderr.trim().slice(0, 300)}`))
      if (server.lastFinishedMs === undefined) return reject(new Error(`${argv.slice(0, 3).join(' ')} exited without a reply from the server`))
      resolve(exitedMs - server.lastFinishedMs)
    })
  })
}

async function startAnsweringServer() {
  const state = {lastFinishedMs: undefined}
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const isChat = req.method === 'POST' && req.url === '/v1/chat/completions'
      const body = isChat ? ANSWER : MODELS
      res.on('finish', () => (state.lastFinishedMs = performance.now()))
      res.writeHead(200, {'content-type': isChat ? 'text/event-stream' : 'application/json', 'content-length': Buffer.byteLength(body)})
      res.end(body)
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return Object.assign(state, {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  })
}
