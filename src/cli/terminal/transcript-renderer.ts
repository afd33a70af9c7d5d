import type {AgentEvent, TurnOutcome} from '../../runtime/agent/agent-events.js'
import type {Colors} from './colors.js'
import {formatCallLine, formatProblemLines, formatResultLine} from './format-call.js'
import {Spinner} from './spinner.js'

export interface TranscriptOptions {
  out: NodeJS.WriteStream
  colors: Colors
  /** Show the model's reasoning, dimmed. */
  showThoughts: boolean
}

/** Prints a turn as it happens in the REPL: text as it streams, reasoning dimmed, one line per tool call. */
export class TranscriptRenderer {
  private section: 'none' | 'reasoning' | 'text' = 'none'
  private readonly spinner: Spinner

  constructor(private readonly options: TranscriptOptions) {
    this.spinner = new Spinner(options.out, options.colors.dim('thinking…'))
  }

  set showThoughts(value: boolean) {
    this.options.showThoughts = value
  }

  get showThoughts(): boolean {
    return this.options.showThoughts
  }

  handle(event: AgentEvent): void {
    const {out, colors} = this.options
    if (event.type !== 'step') this.spinner.stop()
    switch (event.type) {
      case 'step':
        this.spinner.start()
        return
      case 'reasoning':
        if (!this.options.showThoughts) return
        this.enter('reasoning')
        out.write(colors.dim(event.text))
        return
      case 'text':
        this.enter('text')
        out.write(event.text)
        return
      case 'message':
        this.endSection()
        return
      case 'tool_call':
        this.endSection()
        out.write(`${colors.cyan('⚙')} ${colors.bold(formatCallLine(event.name, event.arguments))}\n`)
        return
      case 'tool_result': {
        const mark =
          event.outcome === 'ok' ? colors.green('  ✓') : event.outcome === 'cancelled' ? colors.yellow('  ⨯') : colors.red('  ✗')
        if (event.outcome !== 'ok') {
          // Refusals and errors wrap under the mark (4 columns) instead of being cut: the reason is the point.
          out.write(`${mark} ${formatProblemLines(event.text, (out.columns || 80) - 4).join('\n    ')}\n`)
          return
        }
        out.write(`${mark} ${colors.dim(formatResultLine(event.text))}\n`)
        return
      }
      case 'nudge':
        this.endSection()
        out.write(`${colors.dim(`↻ nudged: ${event.message}`)}\n`)
        return
      case 'notice':
        this.endSection()
        out.write(`${colors.yellow(event.message)}\n`)
        return
      case 'tool_call_unparsed':
        this.endSection()
        out.write(`${colors.dim(event.message)}\n`)
        return
      case 'error':
        this.endSection()
        out.write(`${colors.red(`✗ ${event.message}`)}\n`)
        return
    }
  }

  /** After the turn: say how it ended when it did not end with an answer. */
  finish(outcome: TurnOutcome): void {
    this.spinner.stop()
    this.endSection()
    if (outcome.status === 'cancelled') this.options.out.write(`${this.options.colors.yellow('cancelled')}\n`)
  }

  private enter(section: 'reasoning' | 'text'): void {
    if (this.section === section) return
    if (this.section !== 'none') this.options.out.write('\n')
    this.section = section
  }

  private endSection(): void {
    if (this.section !== 'none') this.options.out.write('\n')
    this.section = 'none'
  }
}
