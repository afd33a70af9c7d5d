import type {PermissionAnswer, PermissionRequest, Prompter} from '../../runtime/agent/prompter.js'
import type {Colors} from './colors.js'
import {parsePermissionAnswer, renderPermissionRequest} from './permission-view.js'

/** Reads one line from the person; null when they pressed Ctrl-C. */
export type AskLine = (prompt: string) => Promise<string | null>

/** The REPL's gate: shows the call and reads y/n/a/p until it gets one. */
export class TerminalPrompter implements Prompter {
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly askLine: AskLine,
    private readonly persona: {name: string; emoji: string},
    private readonly colors: Colors,
  ) {}

  async askPermission(request: PermissionRequest, signal: AbortSignal): Promise<PermissionAnswer> {
    this.out.write(`${renderPermissionRequest(request, this.persona, this.colors)}\n`)
    for (;;) {
      if (signal.aborted) return {kind: 'cancel'}
      const line = await this.askLine('   > ')
      if (line === null) return {kind: 'cancel'}
      const answer = parsePermissionAnswer(line)
      if (answer.kind !== 'again') return answer
      this.out.write(`   ${this.colors.dim('type y, n (optionally: n and a reason), a or p, then Enter')}\n`)
    }
  }
}
