import type {AgentEvent, TurnOutcome} from '../../runtime/agent/agent-events.js'
import type {RefusedApproval} from './approval-refusals.js'
import type {Colors} from './colors.js'
import {formatCallLine, formatResultLine} from './format-call.js'

/**
 * How `run` reports: with --json one JSON object per line on stdout for each event; otherwise
 * progress on stderr and only the final answer on stdout, so `run … > answer.txt` keeps just the answer.
 */
export class HeadlessReporter {
  constructor(
    private readonly json: boolean,
    private readonly colors: Colors,
  ) {}

  handle(event: AgentEvent): void {
    if (this.json) this.jsonEvent(event)
    else this.progress(event)
  }

  /** The answer (or the `done` event), and on stderr the line saying which calls were refused for want of approval. */
  finish(outcome: TurnOutcome, end: {exitCode: number; refused: RefusedApproval[]; refusedSummary?: string}): void {
    if (this.json) {
      const {status, text, steps, error} = outcome
      const refused = end.refused.map(({id, name, arguments: args}) => ({id, name, arguments: args}))
      this.line({type: 'done', status, text, steps, ...(error ? {error} : {}), exit_code: end.exitCode, refused_approvals: refused})
    } else if (outcome.text) process.stdout.write(outcome.text.endsWith('\n') ? outcome.text : `${outcome.text}\n`)
    if (end.refusedSummary) process.stderr.write(`${this.colors.yellow(`lillycoder: ${end.refusedSummary}`)}\n`)
  }

  private jsonEvent(event: AgentEvent): void {
    switch (event.type) {
      case 'message':
        if (event.reasoning) this.line({type: 'reasoning', text: event.reasoning})
        if (event.text) this.line({type: 'text', text: event.text})
        return
      case 'tool_call':
      case 'tool_result':
      case 'notice':
      case 'nudge':
      case 'error':
      case 'tool_call_unparsed':
        this.line(event)
        return
      default:
      // Token deltas and steps are folded into the whole message above.
    }
  }

  private progress(event: AgentEvent): void {
    const {colors} = this
    const write = (text: string) => process.stderr.write(`${text}\n`)
    switch (event.type) {
      case 'tool_call':
        write(`${colors.cyan('⚙')} ${formatCallLine(event.name, event.arguments)}`)
        return
      case 'tool_result':
        write(`${event.outcome === 'ok' ? colors.green('  ✓') : colors.red('  ✗')} ${formatResultLine(event.text)}`)
        return
      case 'message':
        // Text that came with tool calls is narration; the final answer goes to stdout at the end.
        return
      case 'nudge':
        write(colors.dim(`↻ nudged: ${event.message}`))
        return
      case 'notice':
        write(colors.yellow(event.message))
        return
      case 'tool_call_unparsed':
        write(colors.dim(event.message))
        return
      case 'error':
        write(colors.red(`lillycoder: ${event.message}`))
        return
      default:
    }
  }

  private line(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value)}\n`)
  }
}
