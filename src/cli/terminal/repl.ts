import {appendFileSync, mkdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'

import {errorText} from '../../runtime/text/error-text.js'
import type {Colors} from './colors.js'
import {KeyReader} from './gate/key-reader.js'

export interface ReplOptions {
  input: NodeJS.ReadStream
  output: NodeJS.WriteStream
  colors: Colors
  /** Where typed lines are kept between sessions; undefined keeps no history. */
  historyFile?: string
  prompt: string
  /** Runs one submitted input (a message or a slash command); `signal` fires on Ctrl-C. Returns 'exit' to leave. */
  onInput(text: string, signal: AbortSignal): Promise<'exit' | void>
}

// Lines that arrive closer together than this were pasted, not typed: they form one message.
const PASTE_GAP_MS = 25
const HISTORY_SIZE = 1000

/**
 * The terminal loop: readline with history, multi-line paste, Ctrl-C that cancels the running turn
 * (twice at an empty prompt exits) and Ctrl-D that exits. It knows nothing of models or tools.
 */
export class Repl {
  private readonly rl: readline.Interface
  private busy?: AbortController
  private question?: (line: string | null) => void
  private pending: string[] = []
  private pasteTimer?: NodeJS.Timeout
  private armedExit = false
  private historyFailed = false
  private started = false
  private closed = false
  /** The terminal went away mid-session: nothing more can be written to it. */
  lostTerminal = false
  private finished!: () => void
  private readonly done: Promise<void>
  private readonly keys: KeyReader
  /**
   * Reads one key, no Enter, for a question asked mid-turn (the permission gate): one of `allowed`, or null on Ctrl-C.
   * Other printable keys write `hint` (once). Undefined without a terminal: answers are typed as lines.
   */
  readonly askKey?: (prompt: string, allowed: readonly string[], hint?: string) => Promise<string | null>

  constructor(private readonly options: ReplOptions) {
    this.rl = readline.createInterface({
      input: options.input,
      output: options.output,
      terminal: Boolean(options.input.isTTY && options.output.isTTY),
      history: loadHistory(options.historyFile),
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      prompt: options.prompt,
    })
    this.done = new Promise<void>((resolve) => {
      this.finished = resolve
    })
    // Listening from the start, so askLine works during set-up (the model choice) before run().
    this.rl.on('line', (line) => this.onLine(line))
    this.rl.on('SIGINT', () => this.onInterrupt())
    this.rl.on('close', () => {
      this.closed = true
      this.busy?.abort()
      this.question?.(null)
      // Leave the shell prompt on a line of its own; nothing was drawn if set-up failed before the REPL started.
      if (this.started) this.options.output.write('\n')
      this.finished()
    })
    // A terminal that went away (window closed, ssh dropped) fails raw mode and writes with EIO: end the session
    // as Ctrl-D would, so a running command is cancelled (its process group killed), instead of crashing.
    this.rl.on('error', () => this.terminalLost())
    options.output.on('error', () => this.terminalLost())
    // Without a terminal readline does not turn Ctrl-C into an event; the signal does the same job.
    if (!this.rl.terminal) process.on('SIGINT', () => this.onInterrupt())
    this.keys = new KeyReader(options.input)
    if (this.rl.terminal) this.askKey = (prompt, allowed, hint) => this.readKey(prompt, allowed, hint)
    this.rl.on('close', () => this.keys.cancel())
  }

  private async readKey(prompt: string, allowed: readonly string[], hint?: string): Promise<string | null> {
    const {output} = this.options
    output.write(prompt)
    let hinted = false
    const key = await this.keys.read(allowed, () => {
      if (hinted || !hint) return
      hinted = true
      output.write(`\n${hint}\n${prompt}`)
    })
    // Ctrl-C at the question cancels the turn, as it does at a line question.
    if (key === null) this.busy?.abort()
    return key
  }

  /** Reads one line for a question asked mid-turn (the permission gate); null on Ctrl-C. */
  readonly askLine = (prompt: string): Promise<string | null> =>
    new Promise((resolve) => {
      this.question = resolve
      this.rl.setPrompt(prompt)
      this.rl.prompt()
    })

  /** Runs until /exit, Ctrl-D, or Ctrl-C twice at an empty prompt. */
  run(): Promise<void> {
    this.started = true
    this.showPrompt()
    return this.done
  }

  /** Ends the session: also used when set-up fails, so stdin is let go and the process can exit. */
  close(): void {
    this.rl.close()
  }

  private terminalLost(): void {
    this.lostTerminal = true
    this.started = false
    this.busy?.abort()
    this.question?.(null)
    this.keys.cancel()
    this.finished()
  }

  private onLine(line: string): void {
    if (this.question) {
      const answer = this.question
      this.question = undefined
      this.forgetLastHistoryEntry(line)
      answer(line)
      return
    }
    if (this.busy || !this.started) return
    this.armedExit = false
    this.pending.push(line)
    clearTimeout(this.pasteTimer)
    this.pasteTimer = setTimeout(() => this.flushPending(), PASTE_GAP_MS)
  }

  private flushPending(): void {
    const text = this.pending.join('\n')
    // A trailing backslash continues the message on the next line, as in a shell.
    if (text.endsWith('\\')) {
      this.pending = [text.slice(0, -1)]
      this.rl.setPrompt('… ')
      this.rl.prompt()
      return
    }
    this.pending = []
    if (text.trim() === '') {
      this.showPrompt()
      return
    }
    this.saveHistory(text)
    void this.submit(text)
  }

  private async submit(text: string): Promise<void> {
    const controller = new AbortController()
    this.busy = controller
    let result: 'exit' | void = undefined
    try {
      result = await this.options.onInput(text, controller.signal)
    } catch (error) {
      // Nothing awaits this promise: a bug in a command or the loop would end the session with a stack trace.
      this.reportInternalError(error)
    } finally {
      this.busy = undefined
    }
    // Ctrl-D or a lost terminal during the turn ended the session already.
    if (this.closed || this.lostTerminal) return
    if (result === 'exit') this.rl.close()
    else this.showPrompt()
  }

  /** One line; the stack only with LILLYCODER_DEBUG, as for the commands' own errors. */
  private reportInternalError(error: unknown): void {
    const message = errorText(error)
    const debug = Boolean(process.env.LILLYCODER_DEBUG)
    const hint = debug ? '' : ' (set LILLYCODER_DEBUG=1 for details)'
    const stack = debug && error instanceof Error && error.stack ? `${error.stack}\n` : ''
    this.options.output.write(`\n${this.options.colors.red(`lillycoder: internal error: ${message}`)}${this.options.colors.dim(hint)}\n${stack}`)
  }

  private onInterrupt(): void {
    if (this.question) {
      const answer = this.question
      this.question = undefined
      this.busy?.abort()
      answer(null)
      return
    }
    if (this.busy) {
      this.busy.abort()
      return
    }
    if (this.pending.length > 0 || this.rl.line.length > 0) {
      this.pending = []
      this.rl.write(null, {ctrl: true, name: 'u'})
      this.options.output.write('\n')
      this.showPrompt()
      return
    }
    if (this.armedExit) {
      this.rl.close()
      return
    }
    this.armedExit = true
    this.options.output.write(`\n${this.options.colors.dim('(press Ctrl-C again to exit, or type /exit)')}\n`)
    this.showPrompt()
  }

  private showPrompt(): void {
    this.rl.setPrompt(this.options.prompt)
    this.rl.prompt()
  }

  private saveHistory(text: string): void {
    const file = this.options.historyFile
    if (!file || this.historyFailed) return
    try {
      mkdirSync(path.dirname(file), {recursive: true})
      appendFileSync(file, `${text}\n`, {mode: 0o600})
    } catch (error) {
      // History is a convenience: a read-only state dir must not break the session; say so once.
      this.historyFailed = true
      process.stderr.write(`lillycoder: could not save history to ${file}: ${(error as Error).message}\n`)
    }
  }

  // Answers to the permission gate ("y", "n") are not worth recalling with the up arrow.
  private forgetLastHistoryEntry(line: string): void {
    const history = (this.rl as unknown as {history?: string[]}).history
    if (history && history[0] === line) history.shift()
  }
}

function loadHistory(file: string | undefined): string[] {
  if (!file) return []
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    return lines.slice(-HISTORY_SIZE).reverse()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    // History is a convenience: an unreadable file must not keep the REPL from starting.
    process.stderr.write(`lillycoder: warning: could not read history from ${file}: ${errorText(error)}; starting without it\n`)
    return []
  }
}
