// What the bubblewrap sandbox costs one command: the same command through the bash tool's runner
// (dist/runtime/process/run-process.js), sandboxed as a session would by default and unsandboxed, interleaved in
// the same run so load that comes and goes touches both alike.
import fs from 'node:fs/promises'
import {fileURLToPath} from 'node:url'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median} from './measure.js'

const DIST = fileURLToPath(new URL('../dist/runtime/process/', import.meta.url))
const RUNS = 25

const COMMANDS = [
  {label: '`true` (the sandbox alone)', script: 'true'},
  {label: '`ls -la && git --version` (a small command)', script: 'ls -la >/dev/null && git --version >/dev/null'},
]

export async function benchSandbox() {
  const {runProcess} = await import(`${DIST}run-process.js`)
  const {setUpSandbox} = await import(`${DIST}sandbox-setup.js`)
  const {scratch, home, cwd: workspace} = await makeBenchSandbox('sandbox')
  try {
    const {sandbox} = await setUpSandbox({mode: 'on', modeSource: 'bench', network: false, writable: []}, {workspace, home, protectedPaths: []})
    if (sandbox.state !== 'sandboxed') throw new Error(`no sandbox on this machine: ${sandbox.reason}; ${sandbox.hint}`)
    const processSandbox = {bwrap: sandbox.bwrap, plan: sandbox.planFor('bash', workspace)}
    const rows = []
    const summaries = []
    for (const command of COMMANDS) {
      const run = (sandboxed) =>
        runProcess({file: 'bash', args: ['-c', command.script], cwd: workspace, timeoutMs: 30_000, ...(sandboxed ? {sandbox: processSandbox} : {})})
      const times = {plain: [], sandboxed: []}
      for (let round = -2; round < RUNS; round++)
        for (const sandboxed of [false, true]) {
          const result = await run(sandboxed)
          if (result.exitCode !== 0) throw new Error(`${command.script} exited ${result.exitCode} (sandboxed: ${sandboxed}): ${result.stderr.head}`)
          if (round >= 0) times[sandboxed ? 'sandboxed' : 'plain'].push(result.durationMs)
        }
      const plain = median(times.plain)
      const boxed = median(times.sandboxed)
      rows.push([command.label, formatMs(plain), formatMs(boxed), formatMs(boxed - plain), formatRatio(boxed, plain)])
      summaries.push(`${command.script.split(' ')[0]} +${formatMs(boxed - plain)}`)
    }
    const markdown = [
      markdownTable(['command (bash -c, through runProcess)', 'unsandboxed (median)', 'sandboxed (median)', 'cost per command', 'ratio'], rows),
      '',
      `Each command ${RUNS} times unsandboxed and ${RUNS} times in the default bash sandbox (read-only root, writable workspace, private /tmp, fresh /dev and /proc, own PID and network namespaces), alternating, after two untimed rounds; times are runProcess's own (spawn to exit and pipes closed).`,
    ].join('\n')
    return {title: 'Sandbox: one command in bubblewrap against the same command unsandboxed', markdown, summary: `sandbox cost per command: ${summaries.join(', ')}`}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}
