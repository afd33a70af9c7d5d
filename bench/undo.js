// /undo on a 20,000-file workspace: what a turn's checkpoints cost (the one before its first change and the one
// after it) and what undoing that turn costs, in process, through the built dist/ modules the CLI runs. Baselines
// from the same run on the same tree: `git status --porcelain` (the workspace's own repository: what any git tool
// pays to look at the tree) and `cp -r` of the tree (a naive whole-tree backup).
import fs from 'node:fs/promises'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import process from 'node:process'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median, runToEnd, spawnTimed} from './measure.js'

const FILES = 20_000
const PER_DIR = 100
const RUNS = 7
const COPY_RUNS = 3

export async function benchUndo() {
  const {scratch, cwd: workspace, env} = await makeBenchSandbox('undo')
  const state = path.join(scratch, 'state')
  try {
    await makeTree(workspace)
    const git = (...args) => runToEnd('git', ['-C', workspace, ...args], {env})
    await git('init', '-q')
    await git('add', '-A')
    await git('-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-q', '-m', 'tree')

    const {SnapshotStore} = await import('../dist/runtime/snapshots/snapshot-store.js')
    const {WorkspaceCheckpoints} = await import('../dist/runtime/snapshots/workspace-checkpoints.js')
    const {loadJournal} = await import('../dist/runtime/snapshots/undo-journal.js')
    const store = await SnapshotStore.open(state, workspace)
    const checkpoints = new WorkspaceCheckpoints(store, await loadJournal(store.dir, 'bench', workspace))

    // The first checkpoint of a workspace hashes every file into the shadow repository; later ones look at what changed.
    const firstStart = performance.now()
    await checkpoints.beforeMutation([])
    const firstMs = performance.now() - firstStart
    await checkpoints.endTurn()

    const target = path.join(workspace, 'd042', 'f042.txt')
    // Each round: one turn that edits one file (its two checkpoints timed together), then /undo of it (timed alone).
    const turnTimes = []
    const undoOnly = []
    for (let round = -1; round < RUNS; round++) {
      const turnStart = performance.now()
      await checkpoints.beforeMutation(['d042/f042.txt'])
      await fs.writeFile(target, `edited ${round}\n`)
      await checkpoints.endTurn()
      const turnMs = performance.now() - turnStart
      const undoStart = performance.now()
      const step = await checkpoints.undo()
      const undoMs = performance.now() - undoStart
      if (!step || step.files[0] !== 'd042/f042.txt') throw new Error(`undo did not restore the edited file: ${JSON.stringify(step)}`)
      if (round >= 0) {
        turnTimes.push(turnMs)
        undoOnly.push(undoMs)
      }
    }
    const gitStatus = []
    const copy = []
    for (let i = 0; i < RUNS; i++) gitStatus.push(await spawnTimed(['git', '-C', workspace, 'status', '--porcelain'], {env}))
    // Fewer copies: each writes the whole tree again, and one number of its size is enough to compare.
    for (let i = 0; i < COPY_RUNS; i++) {
      const copyTarget = path.join(scratch, `copy-${i}`)
      copy.push(await spawnTimed(['cp', '-r', workspace, copyTarget], {env}))
      await fs.rm(copyTarget, {recursive: true, force: true})
    }
    const rows = [
      ['`git status --porcelain` (baseline)', gitStatus],
      ['`cp -r` of the tree (baseline)', copy],
      ['checkpoints of a turn that edits one file (before + after)', turnTimes],
      ['/undo of that turn (conflict check + restore)', undoOnly],
    ]
    const base = median(gitStatus)
    const markdown = [
      markdownTable(
        ['what', 'median', 'min', 'max', 'ratio to git status'],
        rows.map(([label, times]) => [label, formatMs(median(times)), formatMs(Math.min(...times)), formatMs(Math.max(...times)), formatRatio(median(times), base)]),
      ),
      '',
      `${FILES.toLocaleString('en')} files of ~200 bytes in ${FILES / PER_DIR} folders, committed in the workspace's own repository. The first checkpoint ever of this workspace (every file hashed into the shadow repository) took ${formatMs(firstMs)}, once. ${RUNS} runs each (${COPY_RUNS} of \`cp -r\`); the checkpoints and /undo run in process through dist/ (the CLI adds its start-up to \`lillycoder undo\`).`,
    ].join('\n')
    return {
      title: '/undo on a 20k-file workspace',
      markdown,
      summary: `/undo ${formatMs(median(undoOnly))}, a turn's checkpoints ${formatMs(median(turnTimes))} (git status ${formatMs(base)}, cp -r ${formatMs(median(copy))}; first checkpoint ${formatMs(firstMs)})`,
    }
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

async function makeTree(root) {
  for (let dir = 0; dir < FILES / PER_DIR; dir++) {
    const folder = path.join(root, `d${String(dir).padStart(3, '0')}`)
    await fs.mkdir(folder)
    await Promise.all(
      Array.from({length: PER_DIR}, (_, file) => fs.writeFile(path.join(folder, `f${String(file).padStart(3, '0')}.txt`), `${'x'.repeat(190)} ${dir} ${file}\n`)),
    )
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${JSON.stringify(await benchUndo(), null, 2)}\n`)
