/**
 * Bracketed paste, as a reducer over readline's key events: a terminal in bracketed paste mode wraps what
 * the user pastes in ESC[200~ … ESC[201~, which Node's keypress parser names 'paste-start' and 'paste-end'.
 * Node 20's readline ignores the markers and submits each pasted line; this collects them into one text.
 */

/** The parts of a readline keypress event this reads. */
export interface KeyEvent {
  name?: string
  sequence?: string
}

export type PasteState = {pasting: false} | {pasting: true; text: string}

/** pass: the key is readline's; swallow: it belongs to a paste in progress; pasted: a paste just ended. */
export type PasteAction = {type: 'pass'} | {type: 'swallow'} | {type: 'pasted'; text: string}

export const NOT_PASTING: PasteState = {pasting: false}

export function pasteStep(state: PasteState, char: string | undefined, key: KeyEvent | undefined): {state: PasteState; action: PasteAction} {
  if (!state.pasting) {
    if (key?.name === 'paste-start') return {state: {pasting: true, text: ''}, action: {type: 'swallow'}}
    return {state, action: {type: 'pass'}}
  }
  // A trailing newline in a paste is not a request to send it: the user presses Enter for that.
  if (key?.name === 'paste-end') return {state: NOT_PASTING, action: {type: 'pasted', text: normalizeNewlines(state.text).replace(/\n+$/, '')}}
  // Escape sequences inside a paste (rare) have no char; keep their bytes rather than lose them.
  return {state: {pasting: true, text: state.text + (char ?? key?.sequence ?? '')}, action: {type: 'swallow'}}
}

/** Terminals send Enter in a paste as CR (or CRLF); the message keeps plain newlines. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}
