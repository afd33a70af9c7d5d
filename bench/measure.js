// Shared timing and formatting for the benchmarks: medians, ratios, command timing (hyperfine when it is
// installed, a spawn loop otherwise), a clean environment for child processes, and markdown tables.
import {spawn} from 'node:child_process'
import {accessSync, constants} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import process from 'node:process'

export function median(values) {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** `12.3 ms`, `1.24 s`: three significant digits are plenty on a noisy machine. */
export function formatMs(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms >= 100) return `${ms.toFixed(0)} ms`
  if (ms >= 10) return `${ms.toFixed(1)} ms`
  return `${ms.toFixed(2)} ms`
}

export function formatRatio(value, baseline) {
  return `${(value / baseline).toFixed(2)}×`
}

/** The absolute path of an executable on PATH, or undefined. BENCH_NO_HYPERFINE=1 hides hyperfine (to try the fallback). */
export function findExecutable(name, env = process.env) {
  if (name === 'hyperfine' && env.BENCH_NO_HYPERFINE === '1') return undefined
  for (const directory of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(directory, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'EACCES' && error.code !== 'ENOTDIR') throw error
    }
  }
  return undefined
}

/** Runs `fn` warmup + runs times in this process; returns the runs' durations in ms. */
export async function timeCallback(fn, {warmup = 1, runs = 5} = {}) {
  for (let i = 0; i < warmup; i++) await fn()
  const times = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  return times
}

/**
 * Times each command ({name, argv, prepare?}) warmup + runs times, one after the other; `prepare` (an argv, untimed)
 * runs before each of its runs. Uses hyperfine (no shell,
 * so nothing but the command is timed) when installed, else a spawn loop. Returns {tool, results:
 * [{name, medianMs, times}]}. A command that exits non-zero fails the benchmark: a broken run is no number.
 */
export async function timeCommands(commands, {warmup = 2, runs = 15, cwd, env} = {}) {
  const hyperfine = findExecutable('hyperfine', env ?? process.env)
  if (hyperfine) return {tool: `hyperfine -N --warmup ${warmup} --runs ${runs}`, results: await viaHyperfine(hyperfine, commands, {warmup, runs, cwd, env})}
  const results = []
  for (const command of commands) {
    const prepare = () => (command.prepare ? spawnTimed(command.prepare, {cwd, env}) : undefined)
    for (let i = 0; i < warmup; i++) {
      await prepare()
      await spawnTimed(command.argv, {cwd, env})
    }
    const times = []
    for (let i = 0; i < runs; i++) {
      await prepare()
      times.push(await spawnTimed(command.argv, {cwd, env}))
    }
    results.push({name: command.name, medianMs: median(times), times})
  }
  return {tool: `spawn loop (hyperfine not found), warmup ${warmup}, runs ${runs}`, results}
}

async function viaHyperfine(hyperfine, commands, {warmup, runs, cwd, env}) {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'lillycoder-bench-hf-'))
  const exportFile = path.join(scratch, 'hyperfine.json')
  try {
    const args = ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs), '--export-json', exportFile]
    // hyperfine takes --prepare once per command when any has one; `true` for those that need none.
    if (commands.some((command) => command.prepare)) for (const command of commands) args.push('--prepare', (command.prepare ?? ['true']).map(shellQuote).join(' '))
    for (const command of commands) args.push('--command-name', command.name, command.argv.map(shellQuote).join(' '))
    const {code, stderr} = await runToEnd(hyperfine, args, {cwd, env})
    if (code !== 0) throw new Error(`hyperfine exited ${code}: ${stderr.trim()}${await firstFailure(commands, {cwd, env})}`)
    const report = JSON.parse(await fs.readFile(exportFile, 'utf8'))
    return report.results.map((result, index) => ({
      name: commands[index].name,
      medianMs: result.median * 1000,
      times: result.times.map((seconds) => seconds * 1000),
    }))
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/** hyperfine hides the failing command's output; one more run of each says which failed and why. */
async function firstFailure(commands, {cwd, env}) {
  for (const command of commands) {
    const {code, stderr} = await runToEnd(command.argv[0], command.argv.slice(1), {cwd, env, keepStdout: false})
    if (code !== 0) return `\n${command.name} exited ${code}: ${stderr.trim().slice(0, 1000)}`
  }
  return '\n(every command succeeded when run again)'
}

/** hyperfine -N splits the command line itself (POSIX-style words), so quote anything unusual. */
function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

/** Wall time of one child process, spawn to exit, in ms; rejects when it fails. */
export async function spawnTimed(argv, {cwd, env} = {}) {
  const start = performance.now()
  const {code, stderr} = await runToEnd(argv[0], argv.slice(1), {cwd, env, keepStdout: false})
  const elapsed = performance.now() - start
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}: ${stderr.trim().slice(0, 500)}`)
  return elapsed
}

/** Runs a child to its end; collects stderr (and stdout unless keepStdout is false). */
export function runToEnd(file, args, {cwd, env, keepStdout = true} = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {cwd, env, stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (text) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({code: code ?? signal, stdout, stderr}))
  })
}

/**
 * The environment for timed child processes: HOME and XDG_* in `home` (no user config or trust store
 * leaks in) and NODE_EXTRA_CA_CERTS unset (Node 20 reads that bundle at every start, ~50 ms).
 */
export function benchEnv(home, extra = {}) {
  const env = {...process.env, HOME: home, ...extra}
  delete env.NODE_EXTRA_CA_CERTS
  for (const [name, dir] of [['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_STATE_HOME', 'state']]) {
    env[name] = path.join(home, dir)
  }
  delete env.XDG_RUNTIME_DIR
  return env
}

/** A benchmark's own temp tree: an empty HOME (the XDG dirs inside it, see benchEnv) and an empty working directory. */
export async function makeBenchSandbox(label, extraEnv = {}) {
  const scratch = await makeTempDir(label)
  const home = path.join(scratch, 'home')
  const cwd = path.join(scratch, 'cwd')
  await fs.mkdir(home)
  await fs.mkdir(cwd)
  return {scratch, home, cwd, env: benchEnv(home, extraEnv)}
}

export function makeTempDir(label) {
  return fs.mkdtemp(path.join(os.tmpdir(), `lillycoder-bench-${label}-`))
}

export function markdownTable(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}
