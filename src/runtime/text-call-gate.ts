/**
 * While a reply streams, text is printed as it arrives — except a tool call the model writes as text,
 * which must not be shown. From the first sign of one (a tag, a JSON fence, a line starting with `{`)
 * the rest of the reply is held back; when the reply is complete, what was not a call is let through.
 */
const MARKERS = ['<tool_call', '<|python_tag|>', '[TOOL_CALLS]', '[TOOL_REQUEST]', '<function=', '```json', '```tool_call', '\n{', '\n```\n{']

export class TextCallGate {
  private all = ''
  private shown = 0
  private holding = false

  /** Takes the next piece of streamed text; returns what can be shown now. */
  push(text: string): string {
    this.all += text
    if (this.holding) return ''
    const marker = this.firstMarker()
    if (marker !== -1) {
      this.holding = true
      return this.showUpTo(marker)
    }
    return this.showUpTo(this.all.length - this.partialMarkerLength())
  }

  /** The reply is complete; `finalText` is its text with the calls taken out. Returns what is left to show. */
  finish(finalText: string): string {
    const shownText = this.all.slice(0, this.shown)
    return finalText.startsWith(shownText) ? finalText.slice(shownText.length) : ''
  }

  private firstMarker(): number {
    const starts = MARKERS.map((marker) => this.all.indexOf(marker)).filter((index) => index !== -1)
    if (this.all.startsWith('{')) starts.push(0)
    return starts.length > 0 ? Math.min(...starts) : -1
  }

  // A reply ending in `<tool_` may be the start of a call: hold those characters until the next piece.
  private partialMarkerLength(): number {
    let longest = 0
    for (const marker of MARKERS)
      for (let length = Math.min(marker.length - 1, this.all.length); length > longest; length--)
        if (this.all.endsWith(marker.slice(0, length))) {
          longest = length
          break
        }
    return longest
  }

  private showUpTo(end: number): string {
    if (end <= this.shown) return ''
    const text = this.all.slice(this.shown, end)
    this.shown = end
    return text
  }
}
