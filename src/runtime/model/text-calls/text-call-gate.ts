import {mayStartTextCall} from './text-call-start.js'

/**
 * While a reply streams, text is printed as it arrives — except a tool call the model writes as text,
 * which must not be shown. From the first place a call may start (the scanner's own rule: a call marker
 * followed by what that format's call begins with, a JSON fence, a line starting with `{`) the rest of the
 * reply is held back; when the reply is complete, what was not a call is let through. A marker followed by
 * prose is shown as soon as the words after it tell.
 *
 * Only the text not yet shown is looked at, each position once: the whole reply is never searched again,
 * nor concatenated and indexed (which flattens the string every time), so a long reply costs linear time.
 */
export class TextCallGate {
  private shownText = ''
  /** Text after the shown text that was held because it may start a marker; looked at again with the next piece. */
  private pending = ''
  /** The character before `pending` ('' at the start of the reply), so a line start is known. */
  private before = ''
  private holding = false

  /** Takes the next piece of streamed text; returns what can be shown now. */
  push(text: string): string {
    if (this.holding) return ''
    const window = this.before + this.pending + text
    const offset = this.before.length
    let end = offset
    for (; end < window.length; end++) {
      const start = mayStartTextCall(window, end)
      if (start === 'no') continue
      // 'undecided': the text ends inside what may be a marker; look again when the next piece comes.
      this.holding = start === 'yes'
      break
    }
    const shown = window.slice(offset, end)
    this.shownText += shown
    if (end > 0) this.before = window[end - 1]
    this.pending = window.slice(end)
    return shown
  }

  /** The reply is complete; `finalText` is its text with the calls taken out. Returns what is left to show. */
  finish(finalText: string): string {
    return finalText.startsWith(this.shownText) ? finalText.slice(this.shownText.length) : ''
  }
}
