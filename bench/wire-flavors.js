// The same headless `run` task against each wire flavor of the scripted test server (test/support/wire-server.ts,
// loaded through tsx): every flavor's byte shapes (argument chunking, reasoning fields, ids, finish reasons) should
// cost the same. Baseline: the llama.cpp flavor, measured in the same interleaved rounds.
import fs from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {tsImport} from 'tsx/esm/api'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median, runToEnd} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const WIRE_SERVER = fileURLToPath(new URL('../test/support/wire-server.ts', import.meta.url))
const FLAVORS = ['llamacpp', 'ollama', 'ollama-legacy', 'vllm', 'lmstudio', 'koboldcpp', 'openai']
const TOOL_STEPS = 8
const FINAL_ANSWER = Array.from({length: 200}, (_, n) => `word${n}`).join(' ')
const STEP_TEXT = 'Let me read the file once more to be sure of what it says before I answer.'

export async function benchWireFlavors({rounds = 5} = {}) {
  const {startWireServer} = await tsImport(WIRE_SERVER, import.meta.url)
  const {scratch, cwd: workspace, env} = await makeBenchSandbox('wire-flavors', {NO_COLOR: '1'})
  try {
    await fs.writeFile(path.join(workspace, 'notes.txt'), 'alpha\nbeta\ngamma\n')
    const samples = new Map(FLAVORS.map((flavor) => [flavor, []]))
    // One untimed round, then rounds that visit every flavor in turn, so load that comes and goes touches all alike.
    for (let round = -1; round < rounds; round++) {
      for (const flavor of FLAVORS) {
        const sample = await runTask(flavor, {startWireServer, workspace, env, scratch})
        if (round >= 0) samples.get(flavor).push(sample)
      }
    }
    const stats = FLAVORS.map((flavor) => {
      const runs = samples.get(flavor)
      return {flavor, wallMs: median(runs.map((run) => run.wallMs)), cpuMs: median(runs.map((run) => run.cpuMs)), rssKb: median(runs.map((run) => run.rssKb)), bytes: runs[0].bytes}
    })
    const [baseline] = stats
    const slowest = stats.reduce((worst, row) => (row.cpuMs > worst.cpuMs ? row : worst))
    const markdown = [
      markdownTable(
        ['flavor', 'wall, spawn to exit', 'ratio', 'CPU (user + sys)', 'ratio', 'peak RSS', 'bytes streamed'],
        stats.map((row) => [
          row === baseline ? `${row.flavor} (baseline)` : row.flavor,
          formatMs(row.wallMs),
          formatRatio(row.wallMs, baseline.wallMs),
          formatMs(row.cpuMs),
          formatRatio(row.cpuMs, baseline.cpuMs),
          `${(row.rssKb / 1024).toFixed(1)} MB`,
          `${(row.bytes / 1024).toFixed(1)} KiB`,
        ]),
      ),
      '',
      `Task: \`lillycoder run\` with ${TOOL_STEPS} replies that each say a sentence and call read_file (the flavor's own argument chunking, ids and finish reason), then a ${FINAL_ANSWER.split(' ').length}-word answer streamed word by word; ${TOOL_STEPS + 1} chat requests per run, checked, as is the printed answer. A fresh scripted server per run (test/support/wire-server.ts, loaded through tsx), in this process.`,
      `Medians of ${rounds} interleaved rounds after one untimed round; wall, CPU and peak RSS from /usr/bin/time. CPU time is the steadier number on a shared machine; the most CPU: ${slowest.flavor}, ${formatRatio(slowest.cpuMs, baseline.cpuMs)} of llamacpp's. "Bytes streamed" is the SSE the server sent in one run: flavors differ in chunking and per-chunk fields, so this is their honest cost difference.`,
    ].join('\n')
    return {title: '`run` across wire flavors', markdown, summary: `CPU per run ${formatMs(Math.min(...stats.map((row) => row.cpuMs)))}–${formatMs(Math.max(...stats.map((row) => row.cpuMs)))} across ${FLAVORS.length} flavors (most: ${slowest.flavor}, ${formatRatio(slowest.cpuMs, baseline.cpuMs)} of llamacpp)`}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/** One `run` of the task against a fresh server speaking `flavor`; returns wall/CPU/RSS from /usr/bin/time and the bytes sent. */
async function runTask(flavor, {startWireServer, workspace, env, scratch}) {
  const turns = [
    ...Array.from({length: TOOL_STEPS}, (_, step) => ({flavor, text: STEP_TEXT, toolCalls: [{name: 'read_file', arguments: {path: 'notes.txt'}, id: `call_${step}`}]})),
    {flavor, text: FINAL_ANSWER},
  ]
  const server = await startWireServer(turns)
  const timeFile = path.join(scratch, 'time.txt')
  try {
    const argv = ['-o', timeFile, '-f', '%e %U %S %M', process.execPath, CLI, 'run', 'read notes.txt', '--api', server.url, '--model', 'qwen2.5-coder:7b', '--context', '32768']
    const {code, stdout, stderr} = await runToEnd('/usr/bin/time', argv, {cwd: workspace, env})
    if (code !== 0) throw new Error(`run against ${flavor} exited ${code}: ${stderr.trim().slice(-500)}`)
    if (stdout.trim() !== FINAL_ANSWER) throw new Error(`run against ${flavor} printed ${JSON.stringify(stdout.slice(0, 200))}, not the scripted answer`)
    const chats = server.requests.filter((request) => request.path.startsWith('/v1/chat/completions')).length
    if (chats !== TOOL_STEPS + 1) throw new Error(`run against ${flavor} made ${chats} chat requests, not ${TOOL_STEPS + 1}`)
    const [wall, user, system, rssKb] = (await fs.readFile(timeFile, 'utf8')).trim().split('\n').at(-1).split(' ').map(Number)
    return {wallMs: wall * 1000, cpuMs: (user + system) * 1000, rssKb, bytes: await streamedBytes(server, turns)}
  } finally {
    await server.close()
  }
}

/** The SSE bytes the flavor's server sends for this script, rendered by the wire server's own functions. */
let wireRender
async function streamedBytes(_server, turns) {
  wireRender ??= await tsImport(WIRE_SERVER, import.meta.url)
  let bytes = 0
  for (const turn of turns) for (const event of wireRender.renderStream(wireRender.normaliseReply(turn, 'qwen2.5-coder:7b'), {includeUsage: false})) bytes += Buffer.byteLength(event)
  return bytes
}
