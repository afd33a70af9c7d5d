// Cold start: `--version` and `tools list` of the built CLI against a bare `node -e 0`, measured in
// the same run with the same clean environment, so the ratio says what lillycoder adds to a Node start.
import fs from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, timeCommands} from './measure.js'

const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))

export async function benchStartup({warmup = 2, runs = 15} = {}) {
  const {scratch, home, cwd, env} = await makeBenchSandbox('startup')
  try {
    const node = process.execPath
    const commands = [
      {name: 'node -e 0', argv: [node, '-e', '0']},
      {name: 'lillycoder --version', argv: [node, CLI, '--version']},
      // Warm-up runs write the tool-list cache, so this is the usual case: a hit, answered without oclif.
      {name: 'lillycoder tools list', argv: [node, CLI, 'tools', 'list']},
      {name: 'lillycoder tools list --json', argv: [node, CLI, 'tools', 'list', '--json']},
      // The cache removed before every run: what the first call after an install, link or upgrade pays.
      {name: 'lillycoder tools list (cache miss)', argv: [node, CLI, 'tools', 'list'], prepare: ['rm', '-rf', path.join(home, 'cache', 'lillycoder')]},
    ]
    const {tool, results} = await timeCommands(commands, {warmup, runs, cwd, env})
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
      'The tool list comes from the cache in $XDG_CACHE_HOME/lillycoder once one call has written it (the warm-up runs do); the miss row deletes it before every run, so oclif, zod and every plugin load.',
      `NODE_EXTRA_CA_CERTS was ${extraCerts ? `set (${extraCerts})` : 'not set'} in the calling environment; it is unset for every measured command, baseline included.`,
    ].join('\n')
    return {title: 'Cold start', markdown, summary: results.map((r) => `${r.name} ${formatMs(r.medianMs)} (${formatRatio(r.medianMs, baseline)})`).join(', ')}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}
