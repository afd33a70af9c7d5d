// Runs the reliability suite (test/reliability/, against the built CLI) and prints its tally as the Markdown of
// bench/RESULTS.md's "Reliability" section: cases, passed and failed per group (one group per test file), what each
// group covers (its describe blocks), and the cases that failed.
//   node bench/reliability-tally.js               run the suite (build first: npm run build), then print
//   node bench/reliability-tally.js --from FILE   print from a jest --json result file already written
// Exits 1 when a case failed, 2 on a usage error.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SUITE = 'test/reliability'

/** Group names for the files, in the order the issue lists them; other files follow by name. */
const GROUPS = {
  'server-faults': 'server faults',
  'model-faults': 'model faults',
  'process-faults': 'process faults',
  'input-faults': 'input faults',
  'chat-survives': 'interactive session',
}

function main(argv) {
  const fromIndex = argv.indexOf('--from')
  if (fromIndex !== -1 && !argv[fromIndex + 1]) return usage('--from needs a jest --json result file')
  const unknown = fromIndex === -1 ? argv : argv.filter((_arg, i) => i !== fromIndex && i !== fromIndex + 1)
  if (unknown.length > 0) return usage(`unknown argument(s): ${unknown.join(' ')}`)
  const results = fromIndex === -1 ? runSuite() : readResults(argv[fromIndex + 1])
  if (!results) return 2
  const groups = tally(results)
  process.stdout.write(markdown(groups, results))
  return groups.some((group) => group.failed > 0) ? 1 : 0
}

function usage(message) {
  process.stderr.write(`reliability-tally: ${message}\nusage: node bench/reliability-tally.js [--from jest-result.json]\n`)
  return 2
}

/** A jest --json result file, or undefined (said on stderr) when it cannot be read as one. */
function readResults(file) {
  try {
    const results = JSON.parse(readFileSync(file, 'utf8'))
    if (Array.isArray(results?.testResults)) return results
    process.stderr.write(`reliability-tally: ${file} is not a jest --json result (no testResults)\n`)
  } catch (error) {
    process.stderr.write(`reliability-tally: cannot read ${file}: ${error.message}\n`)
  }
  return undefined
}

/** Runs jest on the suite with a JSON report; jest's own output goes to stderr so stdout stays the Markdown. */
function runSuite() {
  if (!existsSync(path.join(ROOT, 'dist/index.js'))) {
    process.stderr.write('reliability-tally: no dist/ — the suite runs the built CLI: npm run build first\n')
    process.exit(2)
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reliability-tally-'))
  const output = path.join(dir, 'results.json')
  try {
    spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', SUITE, '--json', `--outputFile=${output}`], {
      cwd: ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    })
    if (!existsSync(output)) {
      process.stderr.write('reliability-tally: jest wrote no result file (see its output above)\n')
      process.exit(1)
    }
    return JSON.parse(readFileSync(output, 'utf8'))
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** One row per test file: its cases by status, its describe blocks, its failed cases, its time. */
function tally(results) {
  const groups = results.testResults.map((file) => {
    const base = path.basename(file.name).replace(/\.test\.[cm]?[jt]s$/u, '')
    const cases = file.assertionResults
    // What a group covers: its describe blocks, or the titles of cases outside any.
    const covers = [...new Set(cases.map((test) => test.ancestorTitles[0] ?? test.title))]
    // A file that failed to run at all (a syntax error) has no cases: it counts as one failure.
    const broken = cases.length === 0 && file.status === 'failed'
    return {
      key: base,
      name: GROUPS[base] ?? base.replaceAll('-', ' '),
      cases: broken ? 1 : cases.length,
      passed: cases.filter((test) => test.status === 'passed').length,
      failed: broken ? 1 : cases.filter((test) => test.status === 'failed').length,
      skipped: cases.filter((test) => test.status !== 'passed' && test.status !== 'failed').length,
      seconds: (file.endTime - file.startTime) / 1000,
      covers,
      failures: broken ? [`${base}: ${firstLine(file.message)}`] : cases.filter((test) => test.status === 'failed').map((test) => test.fullName),
    }
  })
  const order = Object.keys(GROUPS)
  const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length)
  return groups.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key))
}

const firstLine = (text) => String(text ?? '').trim().split('\n')[0] || 'failed to run'

function markdown(groups, results) {
  const sum = (field) => groups.reduce((total, group) => total + group[field], 0)
  const seconds = (value) => `${value.toFixed(1)} s`
  const lines = [
    '## Reliability',
    '',
    `\`node bench/reliability-tally.js\` (${SUITE}/, the built CLI against fault-injecting servers on 127.0.0.1) — ` +
      `${new Date(results.startTime).toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores, ` +
      `load average ${os.loadavg()[0].toFixed(1)} at the end. Each case checks that the session survives, the user ` +
      'gets one clear line (no stack trace), and no file is lost or half-written.',
    '',
    '| group | cases | passed | failed | time | covers |',
    '|---|--:|--:|--:|--:|---|',
    ...groups.map((group) => `| ${group.name} | ${group.cases} | ${group.passed} | ${group.failed} | ${seconds(group.seconds)} | ${group.covers.join('; ')} |`),
    `| **total** | **${sum('cases')}** | **${sum('passed')}** | **${sum('failed')}** | ${seconds(sum('seconds'))} | |`,
  ]
  const skipped = sum('skipped')
  if (skipped > 0) lines.push('', `${skipped} case(s) did not run (skipped or todo).`)
  const failures = groups.flatMap((group) => group.failures)
  if (failures.length > 0) lines.push('', 'Failed:', ...failures.map((name) => `- ${name}`))
  return `${lines.join('\n')}\n`
}

process.exitCode = main(process.argv.slice(2))
