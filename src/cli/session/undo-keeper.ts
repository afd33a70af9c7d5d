import path from 'node:path'

import {errorText} from '../../runtime/text/error-text.js'
import {formatSize} from '../../runtime/text/format-size.js'
import type {PreparedCall} from '../../runtime/tools/prepare-call.js'
import {DEFAULT_LIMITS, SnapshotStore} from '../../runtime/snapshots/snapshot-store.js'
import {type PruneOptions, pruneSnapshots} from '../../runtime/snapshots/snapshot-pruning.js'
import {journalExists, loadJournal, newestJournalSession} from '../../runtime/snapshots/undo-journal.js'
import {type UndoStep, WorkspaceCheckpoints} from '../../runtime/snapshots/workspace-checkpoints.js'

export interface UndoKeeperOptions {
  stateDir: string
  workspace: string
  sessionId: string
  /** One line for the person (dimmed in the REPL, stderr in run); `info` lines are what a headless run may skip. */
  notice(message: string, kind: 'info' | 'problem'): void
}

/**
 * The session's /undo history, opened on the first change (a session that only reads never touches git). The
 * agent's hook never fails a tool call: if a checkpoint cannot be made the person is told once, and the call runs.
 */
export class UndoKeeper {
  private checkpoints?: Promise<WorkspaceCheckpoints>
  private broken = false
  private saidWhatIsLeftOut = false
  private settling: Promise<void> = Promise.resolve()

  constructor(private options: UndoKeeperOptions) {}

  /** For `lillycoder undo`: the newest session of this workspace that changed files, or undefined. */
  static async newestSession(stateDir: string, workspace: string): Promise<string | undefined> {
    return newestJournalSession(SnapshotStore.dirFor(stateDir, workspace))
  }

  /** Whether a session has an undo history in this workspace (it changed files here). */
  static async hasHistory(stateDir: string, workspace: string, sessionId: string): Promise<boolean> {
    return journalExists(SnapshotStore.dirFor(stateDir, workspace), sessionId)
  }

  /**
   * Drops the checkpoints of this folder's old sessions (at most once a day; see pruneSnapshots), in the background:
   * it never delays the session, and a failure is one line. Resolves when done; nothing needs to wait for it.
   */
  pruneOldSessions(options: Omit<PruneOptions, 'current'> = {}): Promise<void> {
    const {stateDir, workspace, sessionId} = this.options
    return pruneSnapshots(SnapshotStore.dirFor(stateDir, workspace), workspace, {...options, current: sessionId}).then(
      () => undefined,
      (error: unknown) => this.options.notice(`could not prune old /undo history: ${errorText(error)}`, 'info'),
    )
  }

  /** The agent's beforeMutation hook. */
  readonly beforeMutation = async (call: PreparedCall): Promise<void> => {
    if (this.broken) return
    try {
      const notice = await (await this.open()).beforeMutation(this.pathsOf(call))
      if (notice && !this.saidWhatIsLeftOut) this.sayWhatIsLeftOut(notice)
    } catch (error) {
      this.fail(error)
    }
  }

  /**
   * Called when a turn ends: records what it changed. The REPL does not wait for it (the prompt comes back at
   * once); everything else here waits for it first, so /undo always sees the turn.
   */
  endTurn(): Promise<void> {
    this.settling = this.settled().then(() => this.recordTurn())
    return this.settling
  }

  /** Resolves once the last turn is recorded. */
  settled(): Promise<void> {
    return this.settling
  }

  /** Switches to another session's history (/resume). */
  async switchSession(sessionId: string): Promise<void> {
    await this.settled()
    this.options = {...this.options, sessionId}
    this.checkpoints = undefined
  }

  async undo(force: boolean): Promise<UndoStep | undefined> {
    return (await this.open()).undo({force})
  }

  async redo(force: boolean): Promise<UndoStep | undefined> {
    return (await this.open()).redo({force})
  }

  async diff(): Promise<string> {
    return (await this.open()).diff()
  }

  private async recordTurn(): Promise<void> {
    if (this.broken || !this.checkpoints) return
    try {
      await (await this.checkpoints).endTurn()
    } catch (error) {
      this.fail(error)
    }
  }

  private async open(): Promise<WorkspaceCheckpoints> {
    await this.settled()
    const {stateDir, workspace, sessionId} = this.options
    this.checkpoints ??= (async () => {
      const store = await SnapshotStore.open(stateDir, workspace)
      return new WorkspaceCheckpoints(store, await loadJournal(store.dir, sessionId, workspace))
    })()
    const opening = this.checkpoints
    // A failed open is not cached: the next call tries again (git installed meanwhile, a disk freed).
    opening.catch(() => {
      if (this.checkpoints === opening) this.checkpoints = undefined
    })
    return opening
  }

  /** The call's path targets inside the workspace, relative to it (what `files` mode saves). */
  private pathsOf(call: PreparedCall): string[] {
    const {workspace} = this.options
    return call.targets.flatMap((target) => {
      if (target.kind !== 'path') return []
      const relative = path.relative(workspace, path.resolve(workspace, target.path))
      return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? [relative] : []
    })
  }

  private sayWhatIsLeftOut(notice: {mode: 'whole' | 'files'; tooLarge: string[]}): void {
    this.saidWhatIsLeftOut = true
    if (notice.mode === 'files') {
      this.options.notice(
        `this folder has over ${formatSize(DEFAULT_LIMITS.workspaceBytes)} of files: /undo keeps copies of the files tools write, not of what commands change`,
        'problem',
      )
      return
    }
    const big = notice.tooLarge.length > 0 ? `; left out as over ${formatSize(DEFAULT_LIMITS.fileBytes)}: ${notice.tooLarge.slice(0, 3).join(', ')}${notice.tooLarge.length > 3 ? ` and ${notice.tooLarge.length - 3} more` : ''}` : ''
    this.options.notice(`checkpoint for /undo taken (files your .gitignore ignores are not kept${big})`, big ? 'problem' : 'info')
  }

  private fail(error: unknown): void {
    this.broken = true
    this.options.notice(`/undo is off for this session: ${errorText(error)}`, 'problem')
  }
}
