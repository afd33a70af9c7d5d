import {NOT_PASTING, pasteStep, type KeyEvent, type PasteState} from './bracketed-paste.js'

const PASTE_MODE_ON = '\u001B[?2004h'
const PASTE_MODE_OFF = '\u001B[?2004l'

type KeypressListener = (char: string | undefined, key: KeyEvent | undefined) => void

export interface PasteModeOptions {
  /** The input readline was created on; its keypress listeners are readline's (this runs right after createInterface). */
  input: NodeJS.ReadStream
  output: NodeJS.WriteStream
  /** A paste ended: its whole text, newlines kept (none trailing). */
  onPaste(text: string): void
}

/** The terminal side of bracketed paste; `end(…)` turns the mode off again, once. */
export interface PasteMode {
  /** Back from Ctrl-Z (`fg`): the shell turned the mode off while it had the terminal; turn it on again. */
  resume(): void
  /** At readline's close (which drops its own listener): the filter goes too. `terminalGone` skips the write. */
  end(options?: {terminalGone?: boolean}): void
}

/**
 * Turns on the terminal's bracketed paste mode and puts a filter in front of readline's own keypress
 * listener, so keys between the paste markers reach `onPaste` as one text instead of readline as lines.
 * The mode is turned off on `end` and, should the process exit another way (a crash), on exit.
 */
export function startPasteMode(options: PasteModeOptions): PasteMode {
  const {input, output} = options
  // readline listened to 'keypress' in createInterface; its listeners are the ones to put behind the filter.
  const readlineListeners = input.listeners('keypress') as KeypressListener[]
  for (const listener of readlineListeners) input.removeListener('keypress', listener)
  let state: PasteState = NOT_PASTING
  const filter: KeypressListener = (char, key) => {
    const step = pasteStep(state, char, key)
    state = step.state
    if (step.action.type === 'pass') for (const listener of readlineListeners) listener(char, key)
    else if (step.action.type === 'pasted') options.onPaste(step.action.text)
  }
  input.on('keypress', filter)
  const turnOff = () => output.write(PASTE_MODE_OFF)
  process.once('exit', turnOff)
  output.write(PASTE_MODE_ON)
  let ended = false
  return {
    resume() {
      if (!ended) output.write(PASTE_MODE_ON)
    },
    end({terminalGone = false} = {}) {
      if (ended) return
      ended = true
      input.removeListener('keypress', filter)
      process.removeListener('exit', turnOff)
      if (!terminalGone) turnOff()
    },
  }
}
