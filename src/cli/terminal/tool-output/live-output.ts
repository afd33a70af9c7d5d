import {stripVTControlCharacters} from 'node:util'

/** Spinner frames for the elapsed-time line, one per redraw. */
export const LIVE_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

// An escape sequence (CSI or OSC) still open at the end of a chunk, capped so a stray ESC cannot hold text forever;
// or a carriage return that may be the first half of a \r\n.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNFINISHED_ESCAPE = /(?:\u001B(?:\[[0-9;?<=>]{0,32}|\][^\u0007\u001B]{0,256}|)|\r)$/

// A line with no newline for this long is clipped on arrival: only its start can fit on a screen line anyway.
const MAX_PARTIAL_CHARS = 2000

/**
 * The last lines of a running command's output, safe to print: escape sequences removed, a carriage return
 * restarting its line (as progress bars mean it), other control characters dropped, tabs as a space.
 */
export class OutputTail {
  private complete: string[] = []
  private partial = ''
  /** The start of an escape sequence cut off at the end of a chunk, kept for the next one. */
  private carried = ''

  constructor(private readonly maxLines = 5) {}

  push(chunk: string): void {
    const joined = this.carried + chunk
    const cut = UNFINISHED_ESCAPE.exec(joined)
    this.carried = cut ? cut[0] : ''
    const text = cut ? joined.slice(0, cut.index) : joined
    const pieces = stripVTControlCharacters(text).replaceAll('\r\n', '\n').split('\n')
    pieces.forEach((piece, index) => {
      if (index > 0) {
        this.complete.push(this.partial)
        this.partial = ''
      }
      this.partial = appendToLine(this.partial, piece)
    })
    if (this.complete.length > this.maxLines) this.complete = this.complete.slice(-this.maxLines)
  }

  /** At most `maxLines`, oldest first; the line still being written counts when it has text. */
  lines(): string[] {
    const all = this.partial === '' ? this.complete : [...this.complete, this.partial]
    return all.slice(-this.maxLines)
  }
}

/** Adds a piece of one line: a carriage return starts the line over, control characters are dropped. */
function appendToLine(line: string, piece: string): string {
  const restart = piece.lastIndexOf('\r')
  const text = restart >= 0 ? piece.slice(restart + 1) : piece
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const clean = text.replaceAll('\t', ' ').replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, '')
  return (restart >= 0 ? clean : line + clean).slice(0, MAX_PARTIAL_CHARS)
}

export interface LiveBlock {
  lines: readonly string[]
  elapsedMs: number
  /** Which spinner frame to show. */
  frame: number
  /** The terminal's width in columns. */
  width: number
}

/**
 * The block drawn under a running call: the spinner with the elapsed time, then the output's last lines,
 * each indented and clipped so that no line reaches the last column (a wrapped line would break the redraw).
 */
export function renderLiveBlock({lines, elapsedMs, frame, width}: LiveBlock): {status: string; output: string[]} {
  const room = Math.max(10, width - 1)
  return {
    status: clipColumns(`  ${LIVE_FRAMES[frame % LIVE_FRAMES.length]} ${formatElapsed(elapsedMs)}`, room),
    output: lines.map((line) => clipColumns(`    ${line}`, room)),
  }
}

/** `0.4s`, `8.2s`, `75.0s`: tenths, as a counter the eye can follow. */
export function formatElapsed(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`
}

/**
 * Cuts to at most `max` terminal columns, marking the cut with `…`, never inside a surrogate pair. Widths are
 * over-estimated on purpose (every code point from U+1100 on counts as two, as CJK and emoji take): a line cut
 * a little early is harmless, a line that wraps would break the in-place redraw.
 */
export function clipColumns(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.reduce((sum, char) => sum + columnsOf(char), 0) <= max) return text
  let used = 0
  let kept = ''
  for (const char of chars) {
    if (used + columnsOf(char) > max - 1) break
    used += columnsOf(char)
    kept += char
  }
  return `${kept}…`
}

function columnsOf(char: string): number {
  return (char.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1
}
