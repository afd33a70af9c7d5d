// Runs every benchmark against the built CLI (`npm run bench` builds first) and writes bench/RESULTS.md.
// `node bench/run.js startup grep` runs only those and prints them without touching RESULTS.md.
// Every number is paired with a baseline measured in the same run: read the ratios, not the milliseconds.
import fs from 'node:fs/promises'
import os from 'node:os'
import {performance} from 'node:perf_hooks'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {findExecutable, formatMs, runToEnd} from './measure.js'

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url))
// Loaded when run: several import the built dist/, which must exist first (see the check below).
const BENCHMARKS = {
  startup: async () => (await import('./startup.js')).benchStartup(),
  'chat-launch': async () => (await import('./chat-launch.js')).benchChatLaunch(),
  'agent-loop': async () => (await import('./agent-loop.js')).benchAgentLoop(),
  grep: async () => (await import('./grep.js')).benchGrep(),
  'find-files': async () => (await import('./find-files.js')).benchFindFiles(),
  'prompt-size': async () => (await import('./prompt-size.js')).benchPromptSize(),
  discovery: async () => (await import('./discovery.js')).benchDiscovery(),
  'run-exit': async () => (await import('./run-exit.js')).benchRunExit(),
  sandbox: async () => (await import('./sandbox.js')).benchSandbox(),
  'large-file': async () => (await import('./large-file.js')).benchLargeFile(),
  'wire-flavors': async () => (await import('./wire-flavors.js')).benchWireFlavors(),
  'search-200k': async () => (await import('./search-200k.js')).benchSearch200k(),
  'token-latency': async () => (await import('./token-latency.js')).benchTokenLatency(),
  'mcp-launch': async () => (await import('./mcp-launch.js')).benchMcpLaunch(),
  undo: async () => (await import('./undo.js')).benchUndo(),
  'continue-load': async () => (await import('./continue-load.js')).benchContinueLoad(),
  'token-count': async () => (await import('./token-count.js')).benchTokenCount(),
  reliability: async () => (await import('./reliability.js')).benchReliability(),
}
const BUILT_CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url))

const chosen = process.argv.slice(2)
const unknown = chosen.filter((name) => !(name in BENCHMARKS))
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}\n`)
  process.exit(2)
}

if (!(await fs.stat(BUILT_CLI).then(() => true, () => false))) {
  process.stderr.write(`${BUILT_CLI} is missing: build first (\`npm run bench\` builds, then runs this)\n`)
  process.exit(2)
}

const started = performance.now()
const machine = await describeMachine()
process.stdout.write(`${machine.join('\n')}\n\n`)
const sections = []
for (const name of chosen.length > 0 ? chosen : Object.keys(BENCHMARKS)) {
  const start = performance.now()
  process.stdout.write(`${name} … `)
  try {
    const section = await BENCHMARKS[name]()
    sections.push(section)
    process.stdout.write(`${section.summary} [${formatMs(performance.now() - start)}]\n`)
  } catch (error) {
    // Recorded in the results and in the exit code, so a broken benchmark is never mistaken for a number.
    process.exitCode = 1
    sections.push({title: name, markdown: `**Failed:** ${error instanceof Error ? error.message : String(error)}`})
    process.stdout.write(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  }
}
const elapsed = performance.now() - started
process.stdout.write(`\nall benchmarks: ${formatMs(elapsed)}\n`)

const report = [
  '# lillycoder benchmarks',
  '',
  'Written by `npm run bench` (bench/run.js); overwritten on every run. Each benchmark measures its baseline in the same run on the same machine: compare the ratios, the milliseconds only hold for this machine and moment.',
  '',
  ...machine.map((line) => `- ${line}`),
  `- load average at end (1/5/15 min): ${os.loadavg().map((load) => load.toFixed(2)).join(' / ')}${os.loadavg()[0] > os.cpus().length ? ' (above the CPU count: other work shared the machine, expect noisy ratios)' : ''}`,
  `- whole run: ${formatMs(elapsed)}`,
  '',
  ...sections.flatMap((section) => [`## ${section.title}`, '', section.markdown, '']),
].join('\n')
if (chosen.length === 0) {
  await fs.writeFile(RESULTS, report)
  process.stdout.write(`wrote ${RESULTS}\n`)
} else {
  process.stdout.write(`\n${report}`)
}

async function describeMachine() {
  const uname = await runToEnd('uname', ['-sr']).then(({stdout}) => stdout.trim(), (error) => `unknown (${error.message})`)
  const cpus = os.cpus()
  const hyperfine = findExecutable('hyperfine')
  const rg = findExecutable('rg')
  const versionOf = async (file) => (file ? (await runToEnd(file, ['--version'])).stdout.split('\n')[0].trim() : 'not found')
  return [
    `date: ${new Date().toISOString()}`,
    `node: ${process.version}`,
    `CPUs: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
    `uname -sr: ${uname}`,
    `load average at start (1/5/15 min): ${os.loadavg().map((load) => load.toFixed(2)).join(' / ')}`,
    `hyperfine: ${await versionOf(hyperfine)}${hyperfine ? '' : ' (spawn-loop timing used instead)'}; rg: ${await versionOf(rg)}`,
    `NODE_EXTRA_CA_CERTS: ${process.env.NODE_EXTRA_CA_CERTS ? 'set in the calling environment (unset for every timed child process)' : 'not set'}`,
  ]
}
