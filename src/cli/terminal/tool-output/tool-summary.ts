import {formatSize} from '../../../runtime/text/format-size.js'
import {isRecord} from '../../../runtime/text/is-record.js'
import {clipLine, formatResultLine} from '../format-call.js'
import {formatElapsed} from './live-output.js'

/** A finished call as the transcript knows it: the arguments from its tool_call, the rest from its tool_result. */
export interface FinishedCall {
  name: string
  args: unknown
  text: string
  data?: Record<string, unknown>
}

/**
 * The line after ✓ for a call that worked: what a file tool read or wrote (`read src/a.ts (120 lines)`,
 * `created b.txt (12 lines, 340 B)`, `edited c.ts (+3 −1)`), a command's exit and how much it printed;
 * for any other tool, the first line of its result.
 */
export function summarizeResult(call: FinishedCall, max = 120): string {
  return clipLine(summary(call) ?? formatResultLine(call.text, max), max)
}

function summary({name, args, data = {}}: FinishedCall): string | undefined {
  const given = isRecord(args) ? args : {}
  const path = typeof given.path === 'string' ? given.path : typeof data.path === 'string' ? data.path : undefined
  switch (name) {
    case 'read_file':
      return path === undefined ? undefined : `read ${path} ${readRange(data)}`
    case 'write_file': {
      if (path === undefined || typeof given.content !== 'string') return undefined
      const lines = countLines(given.content)
      return `${data.created === true ? 'created' : 'wrote'} ${path} (${plural(lines, 'line')}, ${formatSize(Buffer.byteLength(given.content))})`
    }
    case 'edit_file':
      return path !== undefined && typeof data.added === 'number' && typeof data.removed === 'number' ? `edited ${path} (+${data.added} −${data.removed})` : undefined
    case 'list_dir':
      return typeof data.total === 'number' ? `listed ${path ?? '.'} (${plural(data.total, 'entry', 'entries')})` : undefined
    case 'find_files':
      return typeof data.total === 'number' && typeof given.pattern === 'string' ? `${plural(data.total, 'file')} match ${given.pattern}` : undefined
    case 'grep':
      // No match keeps grep's own line: it says where it looked and what to try instead.
      return typeof data.total === 'number' && data.total > 0 && typeof given.pattern === 'string' && data.binary !== true
        ? `${plural(data.total, 'match', 'matches')} for ${JSON.stringify(given.pattern)}${typeof given.path === 'string' ? ` in ${given.path}` : ''}`
        : undefined
    case 'bash':
    case 'install_package':
      return commandSummary(data)
    default:
      return undefined
  }
}

function readRange(data: Record<string, unknown>): string {
  if (data.empty === true) return '(empty)'
  const {firstLine, lastLine, nextOffset} = data
  if (typeof firstLine !== 'number' || typeof lastLine !== 'number') return ''
  const count = lastLine - firstLine + 1
  if (firstLine === 1 && nextOffset === undefined) return `(${plural(count, 'line')})`
  return `(lines ${firstLine}–${lastLine}${typeof nextOffset === 'number' ? `, more from ${nextOffset}` : ''})`
}

/** `exit 0 in 1.2s · 7 lines of output (/last shows them)`; undefined when the data is not a command's. */
function commandSummary(data: Record<string, unknown>): string | undefined {
  if (typeof data.stdout !== 'string' || typeof data.stderr !== 'string' || data.timedOut === true) return undefined
  const status = typeof data.exitCode === 'number' ? `exit ${data.exitCode}` : typeof data.signal === 'string' ? `killed by ${data.signal}` : undefined
  if (status === undefined) return undefined
  const took = typeof data.durationMs === 'number' ? ` in ${formatElapsed(data.durationMs)}` : ''
  const lines = countLines(data.stdout) + countLines(data.stderr)
  return `${status}${took} · ${lines === 0 ? 'no output' : `${plural(lines, 'line')} of output (/last shows ${lines === 1 ? 'it' : 'them'})`}`
}

/**
 * The one line for a call cancelled by Ctrl-C: `sleep 30 cancelled by Ctrl-C after 3.1s`. The elapsed time is the
 * tool's own when it measured one (a command's duration), else the transcript's.
 */
export function stoppedLine(call: FinishedCall, elapsedMs?: number, max = 120): string {
  const given = isRecord(call.args) ? call.args : {}
  const what = typeof given.command === 'string' ? (given.command.trim().split('\n')[0] ?? call.name) : call.name
  const ms = typeof call.data?.durationMs === 'number' ? call.data.durationMs : elapsedMs
  const said = ` cancelled by Ctrl-C${ms === undefined ? '' : ` after ${formatElapsed(ms)}`}`
  // A long command is cut, never what happened to it.
  return `${clipLine(what, Math.max(10, max - said.length))}${said}`
}

function countLines(text: string): number {
  if (text === '') return 0
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}
