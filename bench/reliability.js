// The reliability suite's tally as a section of bench/RESULTS.md, so `npm run bench` keeps it with the other
// numbers: bench/reliability-tally.js runs test/reliability/ against the built CLI and prints the table.
import process from 'node:process'
import {fileURLToPath} from 'node:url'

import {runToEnd} from './measure.js'

const TALLY = fileURLToPath(new URL('./reliability-tally.js', import.meta.url))
const ROOT = fileURLToPath(new URL('..', import.meta.url))

export async function benchReliability() {
  const {code, stdout, stderr} = await runToEnd(process.execPath, [TALLY], {cwd: ROOT})
  const markdown = stdout.replace(/^## Reliability\n+/u, '').trim()
  if (code === 2 || markdown === '') throw new Error(`reliability-tally exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`)
  const total = /\*\*total\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\*/u.exec(markdown)
  const summary = total ? `${total[2]} of ${total[1]} cases passed, ${total[3]} failed` : 'no total row (see the table)'
  return {title: 'Reliability', markdown, summary}
}
