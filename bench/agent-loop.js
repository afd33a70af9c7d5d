// Agent-loop overhead at three lengths of history: what one tool step costs the CLI beyond the HTTP exchange.
// For each length the fake server answers the CLI's first request with enough parallel `list_dir` calls to
// bring the history to that length, then asks for STEPS single calls. A step is timed on the server's clock,
// from one request's arrival to the next, so process start-up and the fill are outside the number.
// The baseline replays the very bodies the CLI sent in those steps (captured by the server), building each
// with JSON.stringify and reading each answer to the end, timed by the same clock on the same server.
import fs from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {startFakeLlamaServer} from './fake-llama-server.js'
import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median, spawnTimed} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const RAW_REPLAY = fileURLToPath(new URL('./raw-replay.js', import.meta.url))
/** Messages in the history when the timed steps start: system + user + the fill's assistant message and results. */
const LENGTHS = [10, 100, 1000]
const STEPS = 40
// list_dir: a real tool step (the policy check and the tool's own file reads are in it). A tool that does not
// exist: the loop alone (stream, bookkeeping, the error result, the next request), nothing run.
const TOOLS = ['list_dir', 'no_such_tool']

export async function benchAgentLoop({runs = 3} = {}) {
  const {scratch, cwd: workspace, env} = await makeBenchSandbox('agent-loop')
  try {
    await fs.writeFile(path.join(workspace, 'README.md'), '# bench\n')
    await fs.writeFile(path.join(workspace, 'index.js'), 'export {}\n')
    const rows = []
    for (const length of LENGTHS) {
      for (const tool of TOOLS) rows.push(await measureLength(length, {runs, workspace, env, scratch, tool}))
    }

    const markdown = [
      markdownTable(
        ['history', 'call', 'raw fetch loop per step (baseline)', '`lillycoder run` per step', 'ratio', 'loop overhead per step (run − raw)', 'request body'],
        rows.map((row) => [
          `${row.length} messages`,
          row.tool === 'list_dir' ? '`list_dir`, run' : 'unknown tool, nothing run',
          formatMs(row.rawPerStep),
          formatMs(row.cliPerStep),
          formatRatio(row.cliPerStep, row.rawPerStep),
          formatMs(row.cliPerStep - row.rawPerStep),
          formatKb(row.bodyBytes),
        ]),
      ),
      '',
      `Each length: the fake server answers the CLI's first request with as many parallel list_dir calls as bring the history to that many messages, then asks for ${STEPS} single calls: of list_dir, and, in a second set of runs, of a tool that does not exist, which measures the loop without any tool or policy work. A step is the time from one request's arrival at the server to the next's (median over the steps of a run, then median of ${runs} runs), so start-up and the fill are not in it.`,
      `Baseline: the ${STEPS} request bodies the CLI sent at that length, captured by the server, replayed by bench/raw-replay.js in its own process (as the CLI runs in its own) with fetch, each body rebuilt with JSON.stringify from its parsed form and each answer read to the end, twice, the first pass to warm up; timed by the same server clock; runs alternate with the CLI's.`,
      `The CLI's step includes reading the stream, running list_dir on a 2-file workspace, printing the headless transcript and its bookkeeping.`,
    ].join('\n')
    const summary = rows.filter((row) => row.tool === 'list_dir').map((row) => `${row.length} msgs ${formatRatio(row.cliPerStep, row.rawPerStep)} (+${formatMs(row.cliPerStep - row.rawPerStep)}/step)`).join(', ')
    return {title: 'Agent-loop overhead', markdown, summary}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

async function measureLength(length, {runs, workspace, env, scratch, tool}) {
  const fill = length - 3
  const server = await startFakeLlamaServer({toolSteps: STEPS, fill, toolName: tool})
  const argv = [process.execPath, CLI, 'run', 'go', '--api', server.url, '--model', 'qwen2.5-coder:7b', '--max-steps', String(STEPS + 5), '--context', '4000000']
  try {
    const cliTimes = []
    const rawTimes = []
    let bodies
    const bodiesFile = path.join(scratch, `bodies-${length}-${tool}.json`)
    // One untimed run first (disk cache, and the bodies for the baseline), then CLI and baseline alternate.
    for (let run = -1; run < runs; run++) {
      server.clearLog()
      await spawnTimed(argv, {cwd: workspace, env}) // throws when the run fails
      const steps = timedSteps(server.seen.log, length)
      if (!bodies) {
        bodies = steps.map((entry) => entry.body)
        await fs.writeFile(bodiesFile, JSON.stringify(bodies))
      }
      server.clearLog()
      await spawnTimed([process.execPath, RAW_REPLAY, server.url, bodiesFile], {cwd: workspace, env})
      const raw = timedSteps(server.seen.log.slice(-STEPS), length) // the second, warm pass
      if (run < 0) continue
      cliTimes.push(median(stepDurations(steps)))
      rawTimes.push(median(stepDurations(raw)))
    }
    return {length, tool, cliPerStep: median(cliTimes), rawPerStep: median(rawTimes), bodyBytes: Buffer.byteLength(bodies.at(-1))}
  } finally {
    await server.close()
  }
}

/** The requests of the timed steps: from the first one that holds `length` messages on. */
function timedSteps(log, length) {
  const start = log.findIndex((entry) => entry.messages >= length)
  const steps = log.slice(start, start + STEPS)
  if (start < 0 || steps.length !== STEPS) throw new Error(`expected ${STEPS} requests from ${length} messages on, the server saw ${Math.max(0, log.length - Math.max(0, start))}`)
  if (steps[0].messages !== length) throw new Error(`the first timed request holds ${steps[0].messages} messages, not ${length}`)
  return steps
}

function stepDurations(steps) {
  return steps.slice(1).map((entry, index) => entry.arrivedMs - steps[index].arrivedMs)
}

function formatKb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`
}
