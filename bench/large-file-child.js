// Child process of the large-file benchmark: does one operation on one file and prints {ms, maxRssKb, outcome}.
// One process per measurement, so its peak RSS belongs to that operation alone. Peak RSS is VmHWM from
// /proc/self/status: getrusage's maxRSS would also count the parent's RSS at fork (Linux keeps it across exec).
// Usage: node bench/large-file-child.js <operation> <workspace> <file> <line>
//   node        nothing (the RSS of a bare Node running this script)
//   imports     load the read_file and edit_file tools, do nothing (the floor under both tools)
//   fs-read     fs.readFile the whole file as a string (baseline for read_file)
//   read_file   read_file {offset: line, limit: 100}
//   fs-edit     readFile, replace the marker, write a temp file and rename it (baseline for edit_file)
//   edit_file   edit_file replacing the marker line
import fs from 'node:fs/promises'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import process from 'node:process'

import {MARKER, REPLACEMENT} from './large-file.js'

const [operation, workspace, file, line] = process.argv.slice(2)
const needsTools = ['imports', 'read_file', 'edit_file'].includes(operation)
const tools = needsTools ? await loadTools() : undefined

const start = performance.now()
let outcome = 'ok'
switch (operation) {
  case 'node':
  case 'imports':
    break
  case 'fs-read': {
    const text = await fs.readFile(file, 'utf8')
    outcome = `${text.length} chars`
    break
  }
  case 'read_file': {
    const result = await tools.readFile.run(tools.readFile.parameters.parse({path: path.basename(file), offset: Number(line), limit: 100}), tools.context())
    outcome = `${result.data.firstLine}-${result.data.lastLine}`
    break
  }
  case 'fs-edit': {
    const text = await fs.readFile(file, 'utf8')
    const temp = `${file}.tmp`
    await fs.writeFile(temp, text.replace(MARKER, REPLACEMENT))
    await fs.rename(temp, file)
    break
  }
  case 'edit_file':
    try {
      const result = await tools.editFile.run(tools.editFile.parameters.parse({path: path.basename(file), old_string: MARKER, new_string: REPLACEMENT}), tools.context())
      outcome = `+${result.data.added} -${result.data.removed}`
    } catch (error) {
      // A refusal is a result worth reporting (the tool's size cap), not a crash of the benchmark.
      if (error?.name !== 'ToolError' && !error?.what) throw error
      outcome = `refused: ${error.what ?? error.message}`
    }
    break
  default:
    throw new Error(`unknown operation ${operation}`)
}
const ms = performance.now() - start
process.stdout.write(`${JSON.stringify({ms, maxRssKb: await peakResidentKb(), outcome})}\n`)

async function peakResidentKb() {
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(await fs.readFile('/proc/self/status', 'utf8'))
  if (!match) throw new Error('no VmHWM in /proc/self/status')
  return Number(match[1])
}

async function loadTools() {
  const [{default: readFile}, {default: editFile}, {createToolContext}] = await Promise.all([
    import('../dist/plugins/builtin-tools/read-file.js'),
    import('../dist/plugins/builtin-tools/edit-file.js'),
    import('../dist/runtime/agent/tool-context.js'),
  ])
  // The diff module edit_file loads on its first edit: loaded here so its code is in the floor, not in the edit.
  await import('../dist/runtime/files/unified-diff.js')
  return {readFile, editFile, context: () => createToolContext(workspace, new AbortController().signal)}
}
