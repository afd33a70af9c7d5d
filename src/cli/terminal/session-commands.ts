import type {AgentSession} from '../../runtime/agent/agent-loop.js'
import {SessionFileError} from '../../runtime/sessions/session-error.js'
import {readSession} from '../../runtime/sessions/session-reader.js'
import {findSessionFile, listSessions} from '../../runtime/sessions/session-store.js'
import {SnapshotError} from '../../runtime/snapshots/snapshot-error.js'
import type {UndoStep} from '../../runtime/snapshots/workspace-checkpoints.js'
import {formatSessionRow} from '../session/format-sessions.js'
import {replayExchanges} from '../session/replay-exchanges.js'
import type {SessionFacts, SessionKeeper} from '../session/session-keeper.js'
import type {UndoKeeper} from '../session/undo-keeper.js'
import type {Colors} from './colors.js'

export interface SessionCommandsOptions {
  session: AgentSession
  keeper: SessionKeeper
  undo: UndoKeeper
  facts: SessionFacts
  /** Where saved sessions are. */
  dir: string
  workspace: string
  out: NodeJS.WritableStream
  colors: Colors
}

export const SESSION_HELP = `/sessions           this folder's saved sessions; /resume N or ID continues one
/undo [--force]     put back the files the last turn changed (again: the turn before)
/redo [--force]     re-apply what /undo put back
/diff               everything this session changed, as a diff`

/** The REPL's session and undo commands: /sessions, /resume, /undo, /redo, /diff. */
export class SessionCommands {
  constructor(private readonly options: SessionCommandsOptions) {}

  /** Runs the command if it is one of these; false when it is not. */
  async handle(name: string, args: string[]): Promise<boolean> {
    try {
      switch (name) {
        case '/sessions':
          await this.list()
          return true
        case '/resume':
          await this.resume(args[0])
          return true
        case '/undo':
          this.step('undo', await this.options.undo.undo(args.includes('--force')))
          return true
        case '/redo':
          this.step('redo', await this.options.undo.redo(args.includes('--force')))
          return true
        case '/diff':
          this.diff(await this.options.undo.diff())
          return true
        default:
          return false
      }
    } catch (error) {
      if (!(error instanceof SnapshotError || error instanceof SessionFileError)) throw error
      this.options.out.write(`${this.options.colors.yellow(error.message)}\n`)
      return true
    }
  }

  private async list(): Promise<void> {
    const {out, colors, keeper} = this.options
    const {sessions, problems} = await listSessions(this.options.dir, {workspace: this.options.workspace})
    if (sessions.length === 0) out.write(`${colors.dim('no saved sessions for this folder yet')}\n`)
    sessions.forEach((session, index) => {
      const mark = session.id === keeper.id ? colors.bold('*') : ' '
      out.write(`${mark}${String(index + 1).padStart(3)}. ${formatSessionRow(session)}\n`)
    })
    for (const problem of problems) out.write(`${colors.yellow(problem)}\n`)
    if (sessions.length > 0) out.write(`${colors.dim('/resume N or /resume ID continues one; * is this session')}\n`)
  }

  private async resume(which: string | undefined): Promise<void> {
    const {out, colors, session, keeper, undo} = this.options
    if (!which) return this.list()
    const {sessions} = await listSessions(this.options.dir, {workspace: this.options.workspace})
    const byNumber = /^\d+$/.test(which) ? sessions[Number(which) - 1] : undefined
    const file = byNumber?.file ?? (await findSessionFile(this.options.dir, which))
    const loaded = await readSession(file)
    await undo.switchSession(loaded.header.id)
    keeper.switchTo(session, loaded, this.options.facts)
    out.write(`${colors.dim(`resumed ${loaded.header.id} (${loaded.messages.length} messages); grants are not carried over`)}\n`)
    for (const line of replayExchanges(loaded.messages)) out.write(`${colors.dim(line)}\n`)
  }

  private step(action: 'undo' | 'redo', step: UndoStep | undefined): void {
    const {out, colors} = this.options
    if (!step) {
      out.write(`${colors.dim(action === 'undo' ? 'nothing to undo in this session' : 'nothing to redo')}\n`)
      return
    }
    const verb = action === 'undo' ? 'undid' : 'redid'
    out.write(`${verb} turn ${step.turn}, ${step.files.length} file${step.files.length === 1 ? '' : 's'}:\n`)
    for (const file of step.files) out.write(`  ${file}\n`)
    const left = step.remaining === 0 ? `nothing more to ${action}` : `${step.remaining} more turn${step.remaining === 1 ? '' : 's'} to ${action}`
    out.write(`${colors.dim(`${left}; /${action === 'undo' ? 'redo' : 'undo'} reverses this`)}\n`)
  }

  private diff(text: string): void {
    const {out, colors} = this.options
    if (!text) {
      out.write(`${colors.dim('no changes by this session')}\n`)
      return
    }
    for (const line of text.replace(/\n$/, '').split('\n')) {
      const paint = line.startsWith('+') && !line.startsWith('+++') ? colors.green : line.startsWith('-') && !line.startsWith('---') ? colors.red : line.startsWith('@@') ? colors.cyan : (s: string) => s
      out.write(`${paint(line)}\n`)
    }
  }
}
