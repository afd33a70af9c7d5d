import type {AgentEvent, TurnOutcome} from '../../runtime/agent/agent-events.js'
import type {Colors} from './colors.js'
import {formatCallLine, formatProblemLines} from './format-call.js'
import {LastToolCall} from './tool-output/last-tool-call.js'
import {LiveOutputPainter} from './tool-output/live-output-painter.js'
import {MarkdownLineStreamer} from './markdown-stream.js'
import {ReplyMeter} from './markdown-status.js'
import type {UnitRenderer} from './markdown-terminal.js'
import {Spinner} from './spinner.js'
import {stoppedLine, summarizeResult} from './tool-output/tool-summary.js'

export interface TranscriptOptions {
  out: NodeJS.WriteStream
  colors: Colors
  /** Show the model's reasoning, dimmed. */
  showThoughts: boolean
  /** Render reply text as terminal markdown, line by line, once this resolves (absent: raw text, as for --plain). */
  markdown?: Promise<UnitRenderer>
}

/** Prints a turn as it happens in the REPL: text as it streams, reasoning dimmed, one line per tool call. */
export class TranscriptRenderer {
  private section: 'none' | 'reasoning' | 'text' = 'none'
  private readonly spinner: Spinner
  private readonly streamer = new MarkdownLineStreamer()
  private renderUnit: UnitRenderer | undefined
  /** The last turn's streamed reply, for the status line's tokens/s. */
  readonly meter = new ReplyMeter()
  /** The latest call and its full result, for /last. */
  readonly last = new LastToolCall()
  /** The running call's live view (a terminal only); erased when anything else is printed. */
  private live?: {id: string; painter: LiveOutputPainter}
  /** Arguments of the calls of this step, by id: the summary line of a result names what the call did. */
  private readonly callArgs = new Map<string, unknown>()
  /** A stopped call said "cancelled by Ctrl-C" this turn: the turn's own "cancelled" and later cancelled calls add nothing. */
  private saidStopped = false

  constructor(private readonly options: TranscriptOptions) {
    this.spinner = new Spinner(options.out, options.colors.dim('thinking…'))
    // A renderer that fails to load leaves replies raw rather than breaking the chat.
    options.markdown?.then((render) => (this.renderUnit = render)).catch(() => undefined)
  }

  /** Resolves once markdown rendering is ready (or known to be unavailable), so a reply never starts raw. */
  async ready(): Promise<void> {
    await this.options.markdown?.catch(() => undefined)
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
    if (event.type === 'tool_output') {
      if (this.live?.id === event.id) this.live.painter.push(event.text)
      return
    }
    const elapsedMs = this.live?.painter.elapsedMs()
    this.stopLive()
    switch (event.type) {
      case 'step':
        if (event.step === 1) {
          this.meter.reset()
          this.saidStopped = false
          this.callArgs.clear()
        }
        this.spinner.start()
        return
      case 'tool_started':
        if (!out.isTTY) return
        this.live = {id: event.id, painter: new LiveOutputPainter(out, colors)}
        this.live.painter.start()
        return
      case 'reasoning':
        if (!this.options.showThoughts) return
        this.meter.add(event.text)
        this.enter('reasoning')
        out.write(colors.dim(event.text))
        return
      case 'text':
        this.meter.add(event.text)
        this.enter('text')
        if (this.renderUnit) this.writeUnits(this.streamer.push(event.text))
        else out.write(event.text)
        return
      case 'message':
        this.endSection()
        return
      case 'tool_call':
        this.endSection()
        this.callArgs.set(event.id, event.arguments)
        this.last.called(event.id, event.name, event.arguments)
        out.write(`${colors.cyan('⚙')} ${colors.bold(formatCallLine(event.name, event.arguments))}\n`)
        return
      case 'tool_result': {
        this.last.finished(event.id, event.name, event.outcome, event.text)
        const call = {name: event.name, args: this.callArgs.get(event.id), text: event.text, data: event.data}
        const mark = event.outcome === 'ok' ? colors.green('  ✓') : colors.red('  ✗')
        if (event.outcome === 'cancelled') {
          // One line for Ctrl-C: the stopped call says it; calls the turn then skipped, and the turn's end, stay quiet.
          if (!this.saidStopped) out.write(`${colors.yellow(`  ✗ ${stoppedLine(call, elapsedMs, (out.columns || 80) - 5)}`)}\n`)
          this.saidStopped = true
          return
        }
        if (event.outcome !== 'ok') {
          // Refusals and errors wrap under the mark (4 columns) instead of being cut: the reason is the point.
          out.write(`${mark} ${formatProblemLines(event.text, (out.columns || 80) - 4).join('\n    ')}\n`)
          return
        }
        out.write(`${mark} ${colors.dim(summarizeResult(call))}\n`)
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
    this.stopLive()
    this.endSection()
    if (outcome.status === 'cancelled' && !this.saidStopped) this.options.out.write(`${this.options.colors.yellow('cancelled')}\n`)
  }

  private stopLive(): void {
    this.live?.painter.stop()
    this.live = undefined
  }

  private enter(section: 'reasoning' | 'text'): void {
    if (this.section === section) return
    if (this.section === 'text' && this.renderUnit) this.writeUnits(this.streamer.end())
    else if (this.section !== 'none') this.options.out.write('\n')
    this.section = section
  }

  private endSection(): void {
    // Rendered text ends each unit with its newline; what the streamer still holds is flushed here.
    if (this.section === 'text' && this.renderUnit) this.writeUnits(this.streamer.end())
    else if (this.section !== 'none') this.options.out.write('\n')
    this.section = 'none'
  }

  private writeUnits(units: ReturnType<MarkdownLineStreamer['end']>): void {
    const render = this.renderUnit
    if (!render) return
    for (const unit of units) this.options.out.write(`${render(unit)}\n`)
  }
}
