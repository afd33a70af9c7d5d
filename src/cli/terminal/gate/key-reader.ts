/** What readline's keypress events carry (node:readline emitKeypressEvents). */
export interface Keypress {
  sequence?: string
  name?: string
  ctrl?: boolean
  meta?: boolean
}

type KeypressListener = (text: string | undefined, key: Keypress | undefined) => void

/**
 * Reads single keys from a terminal that readline already put in raw mode and emits keypresses from. While it waits,
 * the other keypress listeners (readline's line editor) are set aside, so the key never reaches the line buffer or
 * the history and nothing is echoed. Keys typed in the same burst after the answer (`n` then a reason, a stray
 * Enter) are handed back to those listeners a tick later, once the caller has asked its next question, if any.
 */
export class KeyReader {
  private waiting?: {allowed: readonly string[]; onOther: () => void; resolve: (key: string | null) => void}
  private saved: KeypressListener[] = []
  private held: Array<[string | undefined, Keypress | undefined]> | undefined
  private restoring?: NodeJS.Immediate

  constructor(private readonly input: NodeJS.ReadStream) {}

  /** Resolves with the (lowercased) key once one of `allowed` is pressed; null on Ctrl-C or Ctrl-D. */
  read(allowed: readonly string[], onOther: () => void): Promise<string | null> {
    this.cancel()
    // A key asked again within the tick after an answer: readline gets its listeners (and the held keys) back first.
    if (this.restoring) this.restore()
    this.saved = this.input.listeners('keypress') as KeypressListener[]
    this.input.removeAllListeners('keypress')
    this.input.on('keypress', this.capture)
    return new Promise((resolve) => {
      this.waiting = {allowed, onOther, resolve}
    })
  }

  /** Ends a pending read with null (the terminal closed, the session ends). */
  cancel(): void {
    this.finish(null)
  }

  private readonly capture = (text: string | undefined, key: Keypress | undefined): void => {
    if (this.held) {
      this.held.push([text, key])
      return
    }
    const waiting = this.waiting
    if (!waiting) return
    if (key?.ctrl && (key.name === 'c' || key.name === 'd')) {
      this.finish(null)
      return
    }
    const pressed = text?.length === 1 && !key?.ctrl && !key?.meta ? text.toLowerCase() : undefined
    if (pressed !== undefined && waiting.allowed.includes(pressed)) {
      this.held = []
      this.finish(pressed, {holdRest: true})
      return
    }
    // Printable keys that answer nothing get the hint; Enter, arrows and the like are ignored quietly.
    if (pressed !== undefined && pressed >= ' ') waiting.onOther()
  }

  private finish(key: string | null, options: {holdRest?: boolean} = {}): void {
    const waiting = this.waiting
    if (!waiting) return
    this.waiting = undefined
    if (options.holdRest) this.restoring = setImmediate(() => this.restore())
    else this.restore()
    waiting.resolve(key)
  }

  /** Gives the keys back to readline, then replays what was typed after the answer. */
  private restore(): void {
    clearImmediate(this.restoring)
    this.restoring = undefined
    this.input.removeListener('keypress', this.capture)
    for (const listener of this.saved) this.input.on('keypress', listener)
    this.saved = []
    const held = this.held ?? []
    this.held = undefined
    for (const [text, key] of held) this.input.emit('keypress', text, key)
  }
}
