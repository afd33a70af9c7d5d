// Cold start: `--version` and `tools list` of the built CLI against a bare `node -e 0`, measured in
// the same run with the same clean environment, so the ratio says what lillycoder adds to a Node start.
import fs from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {benchEnv, formatMs, formatRatio, makeTempDir, markdownTable, timeCommands} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))

export async function benchStartup({warmup = 2, runs = 15} = {}) {
  const scratch = await makeTempDir('startup')
  try {
    const home = path.join(scratch, 'home')
    const cwd = path.join(scratch, 'cwd')
    await fs.mkdir(home)
    await fs.mkdir(cwd)
    const node = process.execPath
    const commands = [
      {name: 'node -e 0', argv: [node, '-e', '0']},
      {name: 'lillycoder --version', argv: [node, CLI, '--version']},
      {name: 'lillycoder tools list', argv: [node, CLI, 'tools', 'list']},
    ]
    const {tool, results} = await timeCommands(commands, {warmup, runs, cwd, env: benchEnv(home)})
    const baseline = results[0].medianMs
    const rows = results.map((result) => [
      `\`${result.name}\``,
      formatMs(result.medianMs),
      formatMs(Math.min(...result.times)),
      formatMs(Math.max(...result.times)),
      formatRatio(result.medianMs, baseline),
    ])
    const extraCerts = process.env.NODE_EXTRA_CA_CERTS
    const markdown = [
      markdownTable(['command', 'median', 'min', 'max', 'ratio to `node -e 0`'], rows),
      '',
      `Timed with ${tool}. HOME and XDG_* in a temp dir, cwd a temp dir (no project config, no linked plugins).`,
      `NODE_EXTRA_CA_CERTS was ${extraCerts ? `set (${extraCerts})` : 'not set'} in the calling environment; it is unset for every measured command, baseline included.`,
    ].join('\n')
    return {title: 'Cold start', markdown, summary: results.map((r) => `${r.name} ${formatMs(r.medianMs)} (${formatRatio(r.medianMs, baseline)})`).join(', ')}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}
