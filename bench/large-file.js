// read_file (a 100-line range) and edit_file (one line) on large files: time and peak RSS, each measured in a
// process of its own. Baselines from the same run: a bare Node's RSS, and plain fs reads and edits of the same file.
// The target: an edit must not need more than about 3× the file in memory above what the process holds anyway.
import fs from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {formatMs, formatRatio, makeBenchSandbox, markdownTable, median, runToEnd} from './measure.js'

const CHILD = fileURLToPath(new URL('./large-file-child.js', import.meta.url))
const MB = 1024 * 1024
const LARGE_BYTES = 50 * MB
const RUNS = 5
/** The middle line's text, which the edits replace (the child process imports these). */
export const MARKER = 'const benchMarker = "edit me"'
export const REPLACEMENT = 'const benchMarker = "edited"'

export async function benchLargeFile({runs = RUNS} = {}) {
  const {MAX_TEXT_BYTES} = await import('../dist/runtime/files/existing-file.js')
  const {scratch, cwd: workspace, env} = await makeBenchSandbox('large-file')
  try {
    // Two files: 50 MB as asked, and one a little under MAX_TEXT_BYTES (write_file's diff limit) for comparison.
    const large = await writeTextFile(path.join(workspace, 'large.txt'), LARGE_BYTES)
    const capped = await writeTextFile(path.join(workspace, 'capped.txt'), MAX_TEXT_BYTES - 64 * 1024)
    const measure = (operation, file) => measureOperation(operation, file, {workspace, env, runs})
    const floors = {node: await measure('node', large), imports: await measure('imports', large)}
    const rows = []
    for (const file of [large, capped]) {
      rows.push({file, label: 'plain `fs.readFile` of the whole file (baseline)', floor: floors.node, ...(await measure('fs-read', file))})
      rows.push({file, label: `read_file, 100 lines from line ${file.middleLine}`, floor: floors.imports, baseline: rows.at(-1), ...(await measure('read_file', file))})
      rows.push({file, label: 'plain read, replace, write temp + rename (baseline)', floor: floors.node, ...(await measure('fs-edit', file))})
      const plainEdit = rows.at(-1)
      rows.push({file, label: 'edit_file, one line', floor: floors.imports, baseline: plainEdit, ...(await measure('edit_file', file))})
    }
    const largeEdit = rows.find((row) => row.file === large && row.label.startsWith('edit_file,'))
    const editMultiple = (largeEdit.rssKb - floors.imports.rssKb) / (large.bytes / 1024)
    const table = markdownTable(
      ['file', 'operation', 'median time', 'ratio to its baseline', 'peak RSS', 'above its floor', '× file size', 'outcome'],
      rows.map((row) => [
        `${(row.file.bytes / MB).toFixed(1)} MB`,
        row.label,
        formatMs(row.ms),
        row.baseline ? formatRatio(row.ms, row.baseline.ms) : '1.00×',
        formatMb(row.rssKb),
        formatMb(row.rssKb - row.floor.rssKb),
        `${((row.rssKb - row.floor.rssKb) / (row.file.bytes / 1024)).toFixed(2)}×`,
        row.outcome,
      ]),
    )
    const markdown = [
      table,
      '',
      markdownTable(
        ['floor', 'peak RSS'],
        [
          ['bare Node running the child script (floor of the plain fs rows)', formatMb(floors.node.rssKb)],
          ['read_file, edit_file and the diff module loaded, nothing done (floor of the tool rows)', formatMb(floors.imports.rssKb)],
        ],
      ),
      '',
      `Each cell: median of ${runs} runs, each in a fresh \`node bench/large-file-child.js\` process, so its peak RSS (VmHWM in /proc/self/status; getrusage's maxRSS would include the parent's RSS at fork) is that operation's alone; time is the operation only (not Node start or module import). The file is restored from a pristine copy before every run. Lines are about 100 ASCII characters; one line in the middle holds the text the edits replace.`,
      `"Above its floor" subtracts the peak RSS of a process that loaded the same code and did nothing; "× file size" divides that by the file's size.`,
      `edit_file on the 50 MB file (${largeEdit.outcome}) needs ${editMultiple.toFixed(2)}× the file above its floor: ${editMultiple <= 3 ? 'within' : '**over**'} the ~3× target. It holds the file as bytes and as text, writes the unchanged parts from the bytes they are, and diffs only the lines around the change.`,
    ].join('\n')
    const summary = `50 MB read_file range ${formatMs(rows[1].ms)} (${formatMb(rows[1].rssKb - floors.imports.rssKb)} above floor); 50 MB edit_file ${formatMs(largeEdit.ms)}, ${editMultiple.toFixed(2)}× the file in memory (${largeEdit.outcome})`
    return {title: 'Large files: read_file and edit_file', markdown, summary}
  } finally {
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

/** Writes about `bytes` of ~100-character lines with the marker on the middle line; keeps a pristine copy. */
async function writeTextFile(file, bytes) {
  const lineCount = Math.floor(bytes / 100)
  const middleLine = Math.floor(lineCount / 2)
  const lines = []
  for (let n = 1; n <= lineCount; n++) {
    lines.push(n === middleLine ? MARKER.padEnd(99, ' ') : `line ${String(n).padStart(8, '0')}: ${'the quick brown fox jumps over the lazy dog '.repeat(2)}`.slice(0, 99))
  }
  const text = `${lines.join('\n')}\n`
  await fs.writeFile(file, text)
  await fs.writeFile(`${file}.pristine`, text)
  return {path: file, bytes: Buffer.byteLength(text), middleLine}
}

async function measureOperation(operation, file, {workspace, env, runs}) {
  const samples = []
  for (let i = 0; i < runs; i++) {
    // Every run starts from the pristine file: an edit run leaves it changed.
    await fs.copyFile(`${file.path}.pristine`, file.path)
    const {code, stdout, stderr} = await runToEnd(process.execPath, [CHILD, operation, workspace, file.path, String(file.middleLine)], {cwd: workspace, env})
    if (code !== 0) throw new Error(`large-file child ${operation} exited ${code}: ${stderr.trim().slice(0, 500)}`)
    samples.push(JSON.parse(stdout))
  }
  return {ms: median(samples.map((s) => s.ms)), rssKb: median(samples.map((s) => s.maxRssKb)), outcome: samples.at(-1).outcome}
}

function formatMb(kb) {
  return `${(kb / 1024).toFixed(1)} MB`
}
