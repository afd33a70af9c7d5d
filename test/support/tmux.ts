import {execFile} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {promisify} from 'node:util'

import {killLeftovers, PROBE_DEADLINE_MS, seeProcess, waitUntilGone, type SeenProcess} from './process-probes.js'

const run = promisify(execFile)

// Long enough for a CLI starting on a loaded 2-core machine; under jest's 30 s so a failure shows the screen.
const WAIT_MS = 20_000

/**
 * A real pseudo-terminal for REPL tests: a detached tmux session on its own server socket, driven with
 * send-keys and read with capture-pane, as a person at a terminal would.
 */
export class TmuxSession {
  private readonly socket = `lilly-test-${randomBytes(4).toString('hex')}`
  private readonly name = 'repl'
  /** The program in the pane, as seen at the start (so its pid, if reused later, is not mistaken for it). */
  private program?: SeenProcess

  static async start(command: string[], options: {cwd: string; env: NodeJS.ProcessEnv; width?: number; height?: number}): Promise<TmuxSession> {
    const session = new TmuxSession()
    const envArgs = Object.entries(options.env).flatMap(([key, value]) => (value === undefined ? [] : ['-e', `${key}=${value}`]))
    // Keep the pane after the program exits, so its last words and exit status can be read. Set before the program
    // starts, in the same tmux call: set afterwards, a program that exits at once takes the session (and its
    // output) with it first, and the set-option fails.
    await session.tmux(
      'start-server', ';', 'set-option', '-g', 'remain-on-exit', 'on', ';',
      'new-session', '-d', '-s', session.name, '-x', String(options.width ?? 160), '-y', String(options.height ?? 50), '-c', options.cwd,
      ...envArgs, '--', ...command,
    )
    const {stdout} = await session.tmux('display-message', '-p', '-t', session.name, '#{pane_pid}')
    session.program = await seeProcess(Number.parseInt(stdout, 10))
    return session
  }

  /** Types text and presses Enter. */
  async typeLine(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.name, '-l', text)
    await this.tmux('send-keys', '-t', this.name, 'Enter')
  }

  /** Presses keys by tmux name: 'C-c', 'C-d', 'Enter', 'Up'. */
  async press(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', this.name, ...keys)
  }

  /** Pastes text as a terminal paste (bracketed when the program asked for it). */
  async paste(text: string): Promise<void> {
    await this.tmux('set-buffer', '-b', 'paste', '--', text)
    await this.tmux('paste-buffer', '-p', '-b', 'paste', '-t', this.name)
  }

  /** Sends bytes to the program as the terminal would pass them on, escape sequences included (e.g. paste markers). */
  async sendBytes(text: string): Promise<void> {
    const hex = [...Buffer.from(text, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0'))
    await this.tmux('send-keys', '-t', this.name, '-H', ...hex)
  }

  /** The screen's text; with `escapes`, the colour and style sequences too. */
  async screen(options: {escapes?: boolean} = {}): Promise<string> {
    const {stdout} = await this.tmux('capture-pane', '-p', '-J', ...(options.escapes ? ['-e'] : []), '-S', '-500', '-t', this.name)
    return stdout
  }

  /**
   * Waits until the screen matches (polling); fails with the screen when it does not within `timeoutMs`. The
   * deadline only bounds a failure, so it is generous for a loaded machine.
   */
  async waitFor(pattern: RegExp, timeoutMs = WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const screen = await this.screen()
      if (pattern.test(screen)) return screen
      if (Date.now() >= deadline) throw new Error(`the terminal never showed ${pattern} in ${timeoutMs} ms; it shows:\n${screen}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** Counts the matches of a pattern on the screen (e.g. how many times the gate asked). */
  async count(pattern: RegExp): Promise<number> {
    const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`
    return [...(await this.screen()).matchAll(new RegExp(pattern.source, flags))].length
  }

  /** True once the program in the pane has exited. */
  async exited(): Promise<boolean> {
    const {stdout} = await this.tmux('display-message', '-p', '-t', this.name, '#{pane_dead}')
    return stdout.trim() === '1'
  }

  async waitForExit(timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (await this.exited()) return
      if (Date.now() >= deadline) throw new Error(`the program did not exit in ${timeoutMs} ms; the terminal shows:\n${await this.screen()}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /**
   * Closes the terminal (the program gets SIGHUP) and waits for the program to end, so it cannot outlive its
   * test: still writing into a temp dir being removed, or still talking to a port the next test's server got.
   */
  async kill(): Promise<void> {
    // The server is already gone when every session ended; that is the state we want.
    await this.tmux('kill-server').catch(() => undefined)
    if (!this.program || (await waitUntilGone(this.program))) return
    await killLeftovers([this.program])
    throw new Error(`the program (pid ${this.program.pid}) still ran ${PROBE_DEADLINE_MS} ms after its terminal closed; killed it`)
  }

  private tmux(...args: string[]) {
    return run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args])
  }
}
