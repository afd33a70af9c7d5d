// grep and find_files over a generated 200,000-file tree (generated once into a temp dir, shared by every row,
// removed at the end): each tool with ripgrep underneath and with its JavaScript engine, against bare rg and
// find over the same tree in the same run.
import fs from 'node:fs/promises'
import path from 'node:path'
import {performance} from 'node:perf_hooks'

import {runEngine} from './grep.js'
import {findExecutable, formatMs, formatRatio, makeBenchSandbox, markdownTable, median, timeCommands} from './measure.js'
import {TREE_FILES, TREE_NEEDLES, writeSearchTree} from './search-tree-200k.js'

const PATTERN = 'needle_[0-9]+'

export async function benchSearch200k({engineRuns = 3, bareRuns = 5} = {}) {
  const rg = findExecutable('rg')
  const find = findExecutable('find')
  if (!rg || !find) return {title: 'grep and find_files over 200k files', markdown: `Skipped: ${rg ? '' : '`rg` '}${find ? '' : '`find` '}not on PATH, so there is no baseline.`, summary: 'skipped (no rg or find)'}
  const {scratch, env} = await makeBenchSandbox('search-200k')
  try {
    const generateStart = performance.now()
    const root = writeSearchTree(path.join(scratch, 'tree'))
    const generateMs = performance.now() - generateStart
    const bare = [
      {name: 'rg --json', label: 'bare `rg --json` (baseline for grep)', argv: [rg, '--json', '--no-config', PATTERN, '.']},
      {name: 'rg --files', label: 'bare `rg --files`', argv: [rg, '--files', '--no-config', '.']},
      {name: 'find', label: "`find . -name '*.js' -type f` (baseline for find_files)", argv: [find, '.', '-name', '*.js', '-type', 'f']},
      {
        name: 'rg with the tool flags',
        label: 'bare rg with the flags the grep tool passes (`--json --hidden -g !.git …`)',
        argv: [rg, '--json', '--color=never', '--case-sensitive', '-e', PATTERN, '--no-config', '--hidden', '--no-ignore-global', '-g', '!.git', '--', '.'],
      },
    ]
    const timed = await timeCommands(bare, {warmup: 1, runs: bareRuns, cwd: root, env})
    const [rgJson, rgFiles, findRow, rgToolFlags] = timed.results.map((result) => result.medianMs)
    const withoutOverride = {...env}
    delete withoutOverride.LILLYCODER_RG
    const engines = [
      {label: 'grep tool, ripgrep path', tool: 'grep', engine: 'ripgrep', env: withoutOverride, expected: TREE_NEEDLES, baseline: rgJson},
      {label: 'grep tool, JavaScript fallback (LILLYCODER_RG=0)', tool: 'grep', engine: 'javascript', env: {...env, LILLYCODER_RG: '0'}, expected: TREE_NEEDLES, baseline: rgJson},
      {label: 'find_files tool, ripgrep path', tool: 'find_files', engine: 'ripgrep', env: withoutOverride, expected: TREE_FILES, baseline: findRow},
      {label: 'find_files tool, JavaScript walker (LILLYCODER_RG=0)', tool: 'find_files', engine: 'javascript', env: {...env, LILLYCODER_RG: '0'}, expected: TREE_FILES, baseline: findRow},
    ]
    for (const engine of engines) {
      const run = await runEngine(root, engine.env, engineRuns, engine.tool)
      if (run.engine !== engine.engine) throw new Error(`${engine.tool} ran with ${run.engine}, not ${engine.engine}`)
      if (run.total !== engine.expected) throw new Error(`${engine.tool} (${engine.engine}) found ${run.total}; the tree holds ${engine.expected}`)
      engine.medianMs = median(run.times)
    }
    const rows = [
      [bare[0].label, formatMs(rgJson), '1.00×', formatRatio(rgJson, findRow)],
      [bare[3].label, formatMs(rgToolFlags), formatRatio(rgToolFlags, rgJson), ''],
      ...engines.slice(0, 2).map((engine) => [engine.label, formatMs(engine.medianMs), formatRatio(engine.medianMs, rgJson), '']),
      [bare[2].label, formatMs(findRow), formatRatio(findRow, rgJson), '1.00×'],
      [bare[1].label, formatMs(rgFiles), formatRatio(rgFiles, rgJson), formatRatio(rgFiles, findRow)],
      ...engines.slice(2).map((engine) => [engine.label, formatMs(engine.medianMs), '', formatRatio(engine.medianMs, findRow)]),
    ]
    const markdown = [
      markdownTable(['search', 'median', 'ratio to `rg --json`', 'ratio to `find`'], rows),
      '',
      `Tree: ${TREE_FILES} files of about 300 bytes (20 packages × 100 modules × 100 files), ${TREE_NEEDLES} of them holding a needle line, no ignored files; generated into a temp dir in ${formatMs(generateMs)} at the start of this benchmark and removed at its end. Every engine found all ${TREE_NEEDLES} matches (grep, \`${PATTERN}\`, max_results 1000) or all ${TREE_FILES} files (find_files \`*.js\`).`,
      `The grep tool's own rg invocation costs ${formatRatio(rgToolFlags, rgJson)} bare \`rg --json\` by itself; the tool adds ${formatRatio(engines[0].medianMs, rgToolFlags)} on top of it.`,
      `Bare commands timed with ${timed.tool.replace(/--warmup \d+/, '--warmup 1')}, including process start. The tools run in-process (\`grep.run\` / \`find_files.run\` from dist, one child \`node bench/grep-engine.js\` per engine and tool so LILLYCODER_RG is read fresh), 1 warm-up + ${engineRuns} runs each; Node start and module import are not in their numbers, spawning rg (and sorting its list) is.`,
    ].join('\n')
    const [grepRg, grepJs, findRg, findJs] = engines
    const summary = `grep ${formatMs(grepRg.medianMs)} (${formatRatio(grepRg.medianMs, rgJson)} rg), JS ${formatMs(grepJs.medianMs)} (${formatRatio(grepJs.medianMs, rgJson)}); find_files ${formatMs(findRg.medianMs)} (${formatRatio(findRg.medianMs, findRow)} find), JS ${formatMs(findJs.medianMs)} (${formatRatio(findJs.medianMs, findRow)})`
    return {title: 'grep and find_files over 200k files', markdown, summary}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}
