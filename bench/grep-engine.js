// Child process of the grep and find_files benchmarks: runs a built search tool in-process over a tree
// and prints {engine, total, times} as JSON. One child per engine, so LILLYCODER_RG is set before anything loads.
// Usage: node bench/grep-engine.js <root> <warmup> <runs> [grep|find_files|rg]
// `rg` is the baseline the tool's ripgrep path is held to inside Node: bare rg with the tool's output flags spawned
// from this process the way the tool spawns it, its output read to the end (so Node's spawn and pipe are on both sides).
import {spawn} from 'node:child_process'
import {performance} from 'node:perf_hooks'
import process from 'node:process'

import findFiles from '../dist/plugins/builtin-tools/find-files.js'
import grep from '../dist/plugins/builtin-tools/grep.js'
import {OUTPUT_FLAGS} from '../dist/runtime/search/ripgrep.js'
import {createToolContext} from '../dist/runtime/agent/tool-context.js'

const [root, warmup, runs, toolName] = [process.argv[2], Number(process.argv[3] ?? 1), Number(process.argv[4] ?? 5), process.argv[5] ?? 'grep']
if (!root) throw new Error('usage: node bench/grep-engine.js <root> [warmup] [runs] [grep|find_files]')

const calls = {
  grep: () => grep.run(grep.parameters.parse({pattern: 'needle_[0-9]+', max_results: 1000}), createToolContext(root, new AbortController().signal)),
  find_files: () => findFiles.run(findFiles.parameters.parse({pattern: '*.js'}), createToolContext(root, new AbortController().signal)),
  rg: () => bareRipgrep(root),
}
const search = calls[toolName]
if (!search) throw new Error(`unknown tool ${toolName}; choose from ${Object.keys(calls).join(', ')}`)

let last
for (let i = 0; i < warmup; i++) last = await search()
const times = []
for (let i = 0; i < runs; i++) {
  const start = performance.now()
  last = await search()
  times.push(performance.now() - start)
}
process.stdout.write(`${JSON.stringify({engine: last.data.engine, total: last.data.total, times})}\n`)

/** rg with the tool's output flags over the tree from this process: the tool's spawn and read, without the tool. */
function bareRipgrep(cwd) {
  return new Promise((resolve, reject) => {
    const args = [...OUTPUT_FLAGS.text, '--no-config', 'needle_[0-9]+', '.']
    const child = spawn('rg', args, {cwd, stdio: ['ignore', 'pipe', 'ignore']})
    let matches = 0
    let tail = ''
    child.stdout.setEncoding('utf8').on('data', (text) => {
      const lines = (tail + text).split('\n')
      tail = lines.pop() ?? ''
      for (const line of lines) if (line.includes('\0')) matches++
    })
    child.on('error', reject)
    child.on('close', () => resolve({data: {engine: 'rg', total: matches}}))
  })
}
