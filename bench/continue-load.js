// `--continue` on a 1,000-message session: the time to find this folder's newest session and load it (read, check
// each line, replay the records), in process through the built dist/ module chat and run call. Baseline from the
// same run: reading the same file with node and JSON.parse of each line, no checks.
import fs from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median, timeCallback} from './measure.js'

const MESSAGES = 1000
const RUNS = 15

export async function benchContinueLoad() {
  const {scratch, cwd: workspace} = await makeBenchSandbox('continue-load')
  try {
    const dir = path.join(scratch, 'sessions')
    await fs.mkdir(dir)
    const file = path.join(dir, '20261207-000000-beef.jsonl')
    const text = sessionText(workspace)
    await fs.writeFile(file, text)

    const {loadStartingSession} = await import('../dist/cli/session/session-start.js')
    const load = async () => {
      const loaded = await loadStartingSession({kind: 'continue'}, {dir, workspace})
      if (loaded?.messages.length !== MESSAGES) throw new Error(`loaded ${loaded?.messages.length} messages, not ${MESSAGES}`)
    }
    const bare = async () => {
      const lines = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean)
      const records = lines.map((line) => JSON.parse(line))
      if (records.length !== MESSAGES + 1) throw new Error(`read ${records.length} lines`)
    }
    // Interleaved rounds, so load that comes and goes touches both alike.
    const loads = []
    const bares = []
    for (let round = 0; round < RUNS; round++) {
      loads.push(...(await timeCallback(load, {warmup: round === 0 ? 2 : 0, runs: 1})))
      bares.push(...(await timeCallback(bare, {warmup: round === 0 ? 2 : 0, runs: 1})))
    }
    const base = median(bares)
    const markdown = [
      markdownTable(
        ['what', 'median', 'min', 'max', 'ratio to baseline'],
        [
          ['node: readFile + JSON.parse of each line (baseline)', bares],
          ['`--continue`: find the newest session of this folder, read, check and replay it', loads],
        ].map(([label, times]) => [label, formatMs(median(times)), formatMs(Math.min(...times)), formatMs(Math.max(...times)), formatRatio(median(times), base)]),
      ),
      '',
      `One session file of ${MESSAGES.toLocaleString('en')} messages (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB: user questions, replies with tool calls, tool results of ~1 KB). ${RUNS} interleaved runs each, in process (the CLI's start-up is in the startup rows).`,
    ].join('\n')
    return {title: '`--continue` load of a 1,000-message session', markdown, summary: `--continue loads 1,000 messages in ${formatMs(median(loads))} (bare read + JSON.parse ${formatMs(base)})`}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/** A realistic session: rounds of user → assistant with a tool call → tool result → assistant answer. */
function sessionText(workspace) {
  const header = {type: 'session', version: 1, id: '20261207-000000-beef', workspace, endpoint: 'http://127.0.0.1:8080/v1', model: 'bench', persona: 'lilly', created: new Date().toISOString()}
  const lines = [JSON.stringify(header)]
  for (let index = 0; lines.length <= MESSAGES; index++) {
    const round = [
      {role: 'user', content: `Please look at src/module-${index}.ts and tell me what the exported function does.`},
      {role: 'assistant', content: '', toolCalls: [{id: `call-${index}`, name: 'read_file', arguments: JSON.stringify({path: `src/module-${index}.ts`})}]},
      {role: 'tool', toolCallId: `call-${index}`, name: 'read_file', content: `export function f${index}(x: number): number {\n${'  // a line of code\n'.repeat(50)}  return x + ${index}\n}\n`},
      {role: 'assistant', content: `It adds ${index} to its argument; the comments in between say nothing more.`},
    ]
    for (const message of round) if (lines.length <= MESSAGES) lines.push(JSON.stringify({type: 'message', message}))
  }
  return `${lines.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${JSON.stringify(await benchContinueLoad(), null, 2)}\n`)
