// Child process of the grep benchmark: runs the built grep tool in-process over a tree and prints
// {engine, total, times} as JSON. One child per engine, so LILLYCODER_RG is set before anything loads.
// Usage: node bench/grep-engine.js <root> <warmup> <runs>
import {performance} from 'node:perf_hooks'
import process from 'node:process'

import grep from '../dist/plugins/builtin-tools/grep.js'
import {createToolContext} from '../dist/runtime/agent/tool-context.js'

const [root, warmup, runs] = [process.argv[2], Number(process.argv[3] ?? 1), Number(process.argv[4] ?? 5)]
if (!root) throw new Error('usage: node bench/grep-engine.js <root> [warmup] [runs]')

const search = () => grep.run(grep.parameters.parse({pattern: 'needle_[0-9]+', max_results: 1000}), createToolContext(root, new AbortController().signal))

let last
for (let i = 0; i < warmup; i++) last = await search()
const times = []
for (let i = 0; i < runs; i++) {
  const start = performance.now()
  last = await search()
  times.push(performance.now() - start)
}
process.stdout.write(`${JSON.stringify({engine: last.data.engine, total: last.data.total, times})}\n`)
