import type {Colors} from '../colors.js'
import {OutputTail, renderLiveBlock} from './live-output.js'

/** Time and a repeating timer, injected so the throttle can be tested without waiting. */
export interface PainterClock {
  now(): number
  every(ms: number, tick: () => void): {stop(): void}
}

export const systemClock: PainterClock = {
  now: () => performance.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms)
    // A view left running by mistake must not keep lillycoder alive.
    timer.unref()
    return {stop: () => clearInterval(timer)}
  },
}

export interface PainterOptions {
  /** Output lines shown under the call. */
  maxLines: number
  /** Redraws at most this often (and the elapsed time ticks at this pace when nothing is printed). */
  minRedrawMs: number
  /** Nothing is drawn before this, so a call that ends at once leaves no flicker. */
  firstDrawMs: number
}

const DEFAULTS: PainterOptions = {maxLines: 5, minRedrawMs: 100, firstDrawMs: 200}

const ESC = '\u001B'

/**
 * Draws a running call's elapsed time and last output lines under the call on a terminal, in place: each redraw
 * moves up over the previous block and clears it. `stop()` erases the block, so only the summary line stays.
 */
export class LiveOutputPainter {
  private readonly tail: OutputTail
  private readonly options: PainterOptions
  private started = 0
  private lastDraw = Number.NEGATIVE_INFINITY
  private drawnLines = 0
  private frame = 0
  private ticker?: {stop(): void}
  /** How many times the block was drawn; for tests of the throttle. */
  draws = 0

  constructor(
    private readonly out: {write(text: string): unknown; columns?: number},
    private readonly colors: Colors,
    private readonly clock: PainterClock = systemClock,
    options: Partial<PainterOptions> = {},
  ) {
    this.options = {...DEFAULTS, ...options}
    this.tail = new OutputTail(this.options.maxLines)
  }

  start(): void {
    this.started = this.clock.now()
    this.ticker = this.clock.every(this.options.minRedrawMs, () => this.paint())
  }

  push(text: string): void {
    this.tail.push(text)
    this.paint()
  }

  /** Milliseconds since start(). */
  elapsedMs(): number {
    return this.clock.now() - this.started
  }

  /** Stops the timer and erases what was drawn; the cursor is left where the block began. */
  stop(): void {
    this.ticker?.stop()
    this.ticker = undefined
    if (this.drawnLines > 0) this.out.write(this.eraseBlock())
    this.drawnLines = 0
  }

  private paint(): void {
    const now = this.clock.now()
    if (!this.ticker || now - this.started < this.options.firstDrawMs || now - this.lastDraw < this.options.minRedrawMs) return
    this.lastDraw = now
    const {status, output} = renderLiveBlock({lines: this.tail.lines(), elapsedMs: now - this.started, frame: this.frame++, width: this.out.columns || 80})
    const lines = [this.colors.cyan(status), ...output.map((line) => this.colors.dim(line))]
    // One write per frame: erase and redraw land together, so the block never flickers empty.
    this.out.write(`${this.eraseBlock()}${lines.join('\n')}\n`)
    this.drawnLines = lines.length
    this.draws++
  }

  /** Up to the block's first line, then clear to the end of the screen. */
  private eraseBlock(): string {
    return this.drawnLines > 0 ? `\r${ESC}[${this.drawnLines}A${ESC}[J` : ''
  }
}
