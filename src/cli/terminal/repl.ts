import {appendFileSync, mkdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'

import {errorText} from '../../runtime/text/error-text.js'
import type {Colors} from './colors.js'
import {startPasteMode, type PasteMode} from './line-editing/paste-mode.js'
import {isMultiLine, PastedBlocks} from './line-editing/pasted-blocks.js'
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
  /** Tab completion in a terminal: the line up to the cursor → the candidates and the part of the line they replace. */
  complete?: (line: string) => Promise<[string[], string]>
}

const HISTORY_SIZE = 1000

/**
 * The terminal loop: readline with history, bracketed paste (a multi-line paste is one message, by the terminal's
 * markers), Tab completion, Ctrl-C that cancels the running turn (twice at an empty prompt exits) and Ctrl-D that
 * exits. Each line readline gives is one input, in order; none is dropped for arriving while a turn runs. It knows
 * nothing of models or tools.
 */
export class Repl {
  private readonly rl: readline.Interface
  private busy?: AbortController
  private question?: (line: string | null) => void
  /** The lines of a message continued with a trailing backslash. */
  private pending: string[] = []
  /** Inputs that arrived while a turn ran, handled in order after it. */
  private readonly queue: string[] = []
  private readonly pastes = new PastedBlocks()
  private pasteMode?: PasteMode
  /** Piped input ended while inputs were still to be handled: the session ends once they are. */
  private inputEnded = false
  private armedExit = false
  private historyFailed = false
  private started = false
  private closed = false
  /** close() was called (/exit, a signal): the session ends now, even with piped inputs still to handle. */
  private closing = false
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
      completer: options.complete && completerFor(options.complete),
    })
    if (this.rl.terminal) this.pasteMode = startPasteMode({input: options.input, output: options.output, onPaste: (text) => this.insertPaste(text)})
    this.done = new Promise<void>((resolve) => {
      this.finished = resolve
    })
    // Listening from the start, so askLine works during set-up (the model choice) before run().
    this.rl.on('line', (line) => this.onLine(line))
    this.rl.on('SIGINT', () => this.onInterrupt())
    this.rl.on('SIGCONT', () => this.pasteMode?.resume())
    this.rl.on('close', () => {
      // Piped input that ended: what it sent is still handled, one input after the other, before the session ends.
      if (!this.rl.terminal && !this.closing && (this.busy || this.queue.length > 0)) {
        this.inputEnded = true
        this.question?.(null)
        return
      }
      this.endSession()
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
      // Piped input that has ended has no answer to give.
      if (this.inputEnded || this.closed) return resolve(null)
      this.question = resolve
      this.rl.setPrompt(prompt)
      this.rl.prompt()
    })

  /** Runs until /exit, Ctrl-D, or Ctrl-C twice at an empty prompt. */
  run(): Promise<void> {
    this.started = true
    if (this.queue.length > 0) this.submitNext()
    else if (this.inputEnded) this.endSession()
    else this.showPrompt()
    return this.done
  }

  /** Ends the session: also used when set-up fails, so stdin is let go and the process can exit. */
  close(): void {
    this.closing = true
    if (this.inputEnded) this.endSession()
    else this.rl.close()
  }

  private endSession(): void {
    if (this.closed) return
    this.closed = true
    this.queue.length = 0
    this.busy?.abort()
    this.question?.(null)
    this.pasteMode?.end({terminalGone: this.lostTerminal})
    // Leave the shell prompt on a line of its own; nothing was drawn if set-up failed before the REPL started.
    if (this.started) this.options.output.write('\n')
    this.finished()
  }

  private terminalLost(): void {
    this.lostTerminal = true
    this.pasteMode?.end({terminalGone: true})
    this.started = false
    this.busy?.abort()
    this.question?.(null)
    this.keys.cancel()
    this.finished()
  }

  private onLine(typed: string): void {
    const {text: line, pasted} = this.pastes.expand(typed)
    if (this.question) {
      const answer = this.question
      this.question = undefined
      this.forgetLastHistoryEntry(typed)
      answer(line)
      return
    }
    this.armedExit = false
    const text = [...this.pending, line].join('\n')
    // A trailing backslash continues the message on the next line, as in a shell.
    if (text.endsWith('\\')) {
      this.pending = [text.slice(0, -1)]
      if (this.idle()) {
        this.rl.setPrompt('… ')
        this.rl.prompt()
      }
      return
    }
    this.pending = []
    if (text.trim() === '') {
      if (this.idle()) this.showPrompt()
      return
    }
    // A pasted block is not worth a place in the history file: only its label would come back, without the text.
    if (!pasted) this.saveHistory(text)
    // Lines that come before run() (typed or piped during set-up) wait for it.
    this.queue.push(text)
    if (this.idle()) this.submitNext()
  }

  private idle(): boolean {
    return this.started && !this.busy
  }

  /** A finished paste: one line is typed into the prompt line; several are shown as their label. */
  private insertPaste(text: string): void {
    this.rl.write(isMultiLine(text) ? this.pastes.add(text) : text)
  }

  private submitNext(): void {
    const text = this.queue.shift()
    if (text !== undefined) void this.submit(text)
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
    if (result === 'exit') this.close()
    else if (this.queue.length > 0) this.submitNext()
    else if (this.inputEnded) this.endSession()
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
      // Ctrl-C stops the turn and whatever was typed ahead of it.
      this.queue.length = 0
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

/** readline's callback-style completer around a promise; a failure shows as readline's one-line completion error. */
function completerFor(complete: (line: string) => Promise<[string[], string]>): readline.AsyncCompleter {
  return (line, callback) => {
    complete(line).then(
      (result) => callback(null, result),
      (error: unknown) => callback(error as Error, [[], line]),
    )
  }
}
