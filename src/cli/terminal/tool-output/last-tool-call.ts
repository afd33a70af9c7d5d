import {stripVTControlCharacters} from 'node:util'

import type {Colors} from '../colors.js'
import {formatCallLine} from '../format-call.js'

interface Remembered {
  id: string
  name: string
  args: unknown
  outcome?: string
  text?: string
}

// The marker elideMiddle leaves where it cut: `… [12 lines / 3400 bytes elided] …`.
const ELISION = /… \[\d+ lines? \/ \d+ bytes? elided\] …/

/** The latest tool call and its whole result, for /last: what the model received, not the one-line summary. */
export class LastToolCall {
  private last?: Remembered

  called(id: string, name: string, args: unknown): void {
    this.last = {id, name, args}
  }

  finished(id: string, name: string, outcome: string, text: string): void {
    // A result without its call (a call cancelled before it ran) still counts, named by its tool.
    this.last = this.last?.id === id ? {...this.last, outcome, text} : {id, name, args: undefined, outcome, text}
  }

  /** What /last prints: the call, its outcome, the full text made safe for the terminal, and whether it was cut. */
  report(colors: Colors): string {
    const last = this.last
    if (!last) return colors.dim('no tool call yet in this session')
    const call = formatCallLine(last.name, last.args ?? {})
    if (last.text === undefined) return `${colors.bold(call)}\n${colors.dim('still running, or stopped before it returned anything')}`
    const note = ELISION.test(last.text)
      ? 'the middle was cut before the model got it (the … elided … line marks where); this is all that was kept'
      : 'this is the whole result, as the model received it'
    return [`${colors.bold(call)} ${colors.dim(`→ ${last.outcome}`)}`, terminalSafe(last.text), colors.dim(`(${note})`)].join('\n')
  }
}

/** Output printed back as text: escape sequences and control characters (but newlines and tabs) removed. */
export function terminalSafe(text: string): string {
  return stripVTControlCharacters(text)
    .replaceAll('\r\n', '\n')
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    .replaceAll(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
}
