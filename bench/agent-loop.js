// Agent-loop overhead: what one tool step costs the CLI beyond the HTTP exchange itself. The CLI runs
// `run` headless against an instant local server with 200 `list_dir` steps and with none (its start-up);
// the baseline makes the same 200 requests with fetch in this process, with request bodies grown alike.
import fs from 'node:fs/promises'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {startFakeLlamaServer} from './fake-llama-server.js'
import {benchEnv, formatMs, formatRatio, makeTempDir, markdownTable, median, spawnTimed, timeCommands} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const STEPS = 200

export async function benchAgentLoop({runs = 4} = {}) {
  const scratch = await makeTempDir('agent-loop')
  const withTools = await startFakeLlamaServer({toolSteps: STEPS})
  const withoutTools = await startFakeLlamaServer({toolSteps: 0})
  try {
    const home = path.join(scratch, 'home')
    const workspace = path.join(scratch, 'workspace')
    await fs.mkdir(home)
    await fs.mkdir(workspace)
    await fs.writeFile(path.join(workspace, 'README.md'), '# bench\n')
    await fs.writeFile(path.join(workspace, 'index.js'), 'export {}\n')

    const cli = (api) => [process.execPath, CLI, 'run', 'go', '--api', api, '--model', 'qwen2.5-coder:7b', '--max-steps', String(STEPS + 1), '--context', '1000000']
    const commands = [
      {name: 'start-up (0 tool steps)', argv: cli(withoutTools.url)},
      {name: `${STEPS} tool steps`, argv: cli(withTools.url)},
    ]
    const env = benchEnv(home)
    // One untimed CLI run first: it warms the disk cache and gives the baseline the CLI's real request to copy.
    await spawnTimed(cli(withTools.url), {cwd: workspace, env})
    const recorded = {firstBody: withTools.seen.firstBody, toolResult: withTools.seen.firstToolResult, largestBodyBytes: withTools.seen.largestBodyBytes}
    // Baseline runs before and after the CLI's, so load that comes and goes on the machine touches both sides.
    const before = await rawLoop(withTools.url, recorded, {warmup: 1, runs: Math.ceil(runs / 2)})
    const requestsBefore = withTools.seen.chatRequests
    const {tool, results} = await timeCommands(commands, {warmup: 1, runs, cwd: workspace, env})
    const cliRequests = withTools.seen.chatRequests - requestsBefore
    const after = await rawLoop(withTools.url, recorded, {warmup: 0, runs: Math.ceil(runs / 2)})
    const baseline = {times: [...before.times, ...after.times], largestBodyBytes: Math.max(before.largestBodyBytes, after.largestBodyBytes)}
    const [startup, full] = results
    const expected = (1 + runs) * (STEPS + 1) // a warm-up and the timed runs, each 200 calls and an answer
    if (cliRequests !== expected) throw new Error(`the CLI made ${cliRequests} chat requests over ${1 + runs} runs; expected ${expected}`)
    const cliPerStep = (full.medianMs - startup.medianMs) / STEPS
    const rawPerStep = median(baseline.times) / STEPS

    const markdown = [
      markdownTable(
        ['', 'median', 'per step', 'ratio to raw fetch loop'],
        [
          ['raw fetch loop, same 200 requests (baseline)', formatMs(median(baseline.times)), formatMs(rawPerStep), '1.00×'],
          [`\`lillycoder run\`, ${STEPS} list_dir steps`, formatMs(full.medianMs), formatMs(cliPerStep), formatRatio(cliPerStep, rawPerStep)],
          ['`lillycoder run`, answer at once (start-up)', formatMs(startup.medianMs), '', ''],
        ],
      ),
      '',
      `CLI per step = (${STEPS}-step run − 0-step run) / ${STEPS}; runs timed with ${tool}, after one untimed run. Baseline: ${baseline.times.length} runs of ${STEPS} fetch POSTs in this process (half before the CLI's runs, half after, 1 warm-up), each body read to the end.`,
      `The CLI's per-step cost includes running list_dir on a 2-file workspace, printing the headless transcript, and its request bookkeeping; the baseline only serialises and sends the growing history.`,
      `Largest request body: CLI ${formatKb(recorded.largestBodyBytes)}, baseline ${formatKb(baseline.largestBodyBytes)} (same system prompt, tools and tool results, so the bodies grow alike).`,
    ].join('\n')
    return {title: 'Agent-loop overhead', markdown, summary: `CLI ${formatMs(cliPerStep)}/step, raw fetch ${formatMs(rawPerStep)}/step (${formatRatio(cliPerStep, rawPerStep)}), start-up ${formatMs(startup.medianMs)}`}
  } finally {
    await Promise.all([withTools.close(), withoutTools.close()])
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/**
 * The CLI's own first request (system prompt, tools, user message) re-sent 200 times, each time with one
 * more assistant call + tool result pair, as the CLI's history grows; times only the HTTP exchanges.
 */
async function rawLoop(api, recorded, {warmup, runs}) {
  if (!recorded.firstBody || recorded.toolResult === undefined) throw new Error('the fake server saw no CLI request to copy')
  const first = JSON.parse(recorded.firstBody)
  let largestBodyBytes = 0
  const once = async () => {
    const history = [...first.messages]
    const start = performance.now()
    for (let step = 0; step < STEPS; step++) {
      const body = JSON.stringify({...first, messages: history})
      largestBodyBytes = Math.max(largestBodyBytes, Buffer.byteLength(body))
      const response = await fetch(`${api}/chat/completions`, {method: 'POST', headers: {'content-type': 'application/json'}, body})
      const text = await response.text()
      if (!response.ok || !text.includes('"list_dir"')) throw new Error(`raw loop step ${step}: unexpected answer ${response.status} ${text.slice(0, 200)}`)
      const id = `benchcall${String(step).padStart(23, '0')}`
      history.push({role: 'assistant', content: null, tool_calls: [{id, type: 'function', function: {name: 'list_dir', arguments: '{}'}}]})
      history.push({role: 'tool', tool_call_id: id, content: recorded.toolResult})
    }
    return performance.now() - start
  }
  for (let i = 0; i < warmup; i++) await once()
  const times = []
  for (let i = 0; i < runs; i++) times.push(await once())
  return {times, largestBodyBytes}
}

function formatKb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`
}
