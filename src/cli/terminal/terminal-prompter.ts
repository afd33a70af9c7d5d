import type {PermissionAnswer, PermissionRequest, Prompter} from '../../runtime/agent/prompter.js'
import type {Colors} from './colors.js'
import type {UnitRenderer} from './markdown-terminal.js'
import {newFileLines} from './gate/new-file-preview.js'
import {offeredAnswers, parsePermissionAnswer, renderPermissionRequest, type OfferedAnswers} from './gate/permission-view.js'

/** Reads one line from the person; null when they pressed Ctrl-C. */
export type AskLine = (prompt: string) => Promise<string | null>

/** Reads one of `allowed` as a single key, no Enter; null on Ctrl-C. `hint` is shown for keys that answer nothing. */
export type AskKey = (prompt: string, allowed: readonly string[], hint?: string) => Promise<string | null>

export interface TerminalPrompterOptions {
  /** Single-key answers (a terminal); absent, answers are typed as lines (piped input). */
  askKey?: AskKey
  /** The reply renderer, whose code blocks highlight a new file's content; absent (plain, NO_COLOR), it is shown dim. */
  highlight?: Promise<UnitRenderer>
  /** Shortens a command's working directory to `~/…`. */
  home?: string
}

const ANSWERS: Readonly<Record<string, PermissionAnswer & {word: string}>> = {
  y: {kind: 'yes', word: 'yes'},
  n: {kind: 'no', word: 'no'},
  a: {kind: 'always', word: 'always'},
  p: {kind: 'path', word: 'path'},
}

/** The REPL's gate: shows the call and reads y/n/a/p (a single key in a terminal) until it gets one. */
export class TerminalPrompter implements Prompter {
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly askLine: AskLine,
    private readonly persona: {name: string; emoji: string},
    private readonly colors: Colors,
    private readonly options: TerminalPrompterOptions = {},
  ) {}

  async askPermission(request: PermissionRequest, signal: AbortSignal): Promise<PermissionAnswer> {
    const offered = offeredAnswers(request)
    const view = {newFileLines: await this.newFile(request), home: this.options.home}
    this.out.write(`${renderPermissionRequest(request, this.persona, this.colors, view)}\n`)
    if (signal.aborted) return {kind: 'cancel'}
    return this.options.askKey ? this.byKey(this.options.askKey, offered) : this.byLine(offered, signal)
  }

  private async byKey(askKey: AskKey, offered: OfferedAnswers): Promise<PermissionAnswer> {
    const hint = `   ${this.colors.dim(`press ${keyList(offered.keys)} (no Enter needed); Ctrl-C cancels`)}`
    const key = await askKey('   > ', offered.keys, hint)
    if (key === null) return {kind: 'cancel'}
    const {word, ...answer} = ANSWERS[key]
    this.out.write(`${word}\n`)
    if (answer.kind !== 'no') return answer
    // The reason goes back to the model as the refusal text ("no — use pnpm"); Enter alone gives none.
    const reason = await this.askLine(`   ${this.colors.dim('reason (Enter to skip):')} `)
    if (reason === null) return {kind: 'cancel'}
    return reason.trim() ? {kind: 'no', reason: reason.trim()} : {kind: 'no'}
  }

  private async byLine(offered: OfferedAnswers, signal: AbortSignal): Promise<PermissionAnswer> {
    for (;;) {
      if (signal.aborted) return {kind: 'cancel'}
      const line = await this.askLine('   > ')
      if (line === null) return {kind: 'cancel'}
      const answer = parsePermissionAnswer(line, offered.keys)
      if (answer.kind !== 'again') return answer
      const path = offered.keys.includes('p') ? ' or p' : ''
      this.out.write(`   ${this.colors.dim(`type y, n (optionally: n and a reason), a${path}, then Enter`)}\n`)
    }
  }

  private async newFile(request: PermissionRequest): Promise<string[] | undefined> {
    const content = request.preview?.content
    if (content === undefined) return undefined
    const target = request.call.targets.find((entry) => entry.kind === 'path')
    // The renderer loads in the background at start-up; a gate that comes first waits for it, a failed load shows plain text.
    const highlight = await this.options.highlight?.catch(() => undefined)
    return newFileLines(content, target?.kind === 'path' ? target.path : '', this.colors, highlight)
  }
}

function keyList(keys: readonly string[]): string {
  return `${keys.slice(0, -1).join(', ')} or ${keys[keys.length - 1]}`
}
