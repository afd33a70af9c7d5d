import {SnapshotError, UndoConflictError} from './snapshot-error.js'
import type {SnapshotStore} from './snapshot-store.js'
import {DEFAULT_PRUNE_LIMITS} from './prune-policy.js'
import {saveJournal, type UndoJournal, type UndoTurn} from './undo-journal.js'

/** What one undo or redo did. */
export interface UndoStep {
  files: string[]
  /** 1-based turn number among the turns that changed files. */
  turn: number
  /** Turns left to undo (for undo) or to redo (for redo). */
  remaining: number
}

export interface CheckpointNotice {
  mode: 'whole' | 'files'
  tooLarge: string[]
}

/**
 * A session's undo history over the workspace: a checkpoint before a turn's first change and one after the turn,
 * so /undo puts back the files of the last turn that changed any, and can be repeated to the session's start.
 */
export class WorkspaceCheckpoints {
  private turnBefore?: string
  private turnPaths = new Set<string>()

  constructor(
    private readonly store: SnapshotStore,
    private readonly journal: UndoJournal,
  ) {}

  get turns(): readonly UndoTurn[] {
    return this.journal.turns
  }

  get undone(): number {
    return this.journal.undone
  }

  /**
   * Called before each mutating call; only the first of a turn snapshots the whole workspace. In `files` mode
   * (a workspace too big to snapshot) each call's own paths are saved before it runs. Returns what the first
   * snapshot of a turn left out, for the caller to say.
   */
  async beforeMutation(paths: readonly string[]): Promise<CheckpointNotice | undefined> {
    if (this.store.mode === 'files') {
      const first = this.turnBefore === undefined
      const fresh = paths.filter((file) => !this.turnPaths.has(file))
      fresh.forEach((file) => this.turnPaths.add(file))
      if (first || fresh.length > 0) this.turnBefore = (await this.store.snapshot(fresh)).tree
      return first ? {mode: 'files', tooLarge: []} : undefined
    }
    if (this.turnBefore !== undefined) return undefined
    const snapshot = await this.store.snapshot(paths)
    this.turnBefore = snapshot.tree
    paths.forEach((file) => this.turnPaths.add(file))
    return {mode: snapshot.mode, tooLarge: snapshot.tooLarge}
  }

  /** Called when a turn ends: records it if it changed files (dropping what was undone: a new change ends redo). */
  async endTurn(): Promise<UndoTurn | undefined> {
    const before = this.turnBefore
    const paths = [...this.turnPaths]
    this.turnBefore = undefined
    this.turnPaths = new Set()
    if (before === undefined) return undefined
    const after = (await this.store.snapshot(paths)).tree
    const files = (await this.store.changes(before, after)).map((change) => change.path)
    if (files.length === 0) return undefined
    const turn: UndoTurn = {before, after, files, at: new Date().toISOString()}
    this.journal.turns.splice(this.journal.turns.length - this.journal.undone)
    this.journal.turns.push(turn)
    this.journal.undone = 0
    await saveJournal(this.store.dir, this.journal)
    return turn
  }

  /** Puts back the files of the latest turn not yet undone; refuses, naming them, if someone changed them since. */
  async undo(options: {force?: boolean} = {}): Promise<UndoStep | undefined> {
    const index = this.journal.turns.length - 1 - this.journal.undone
    const turn = this.journal.turns[index]
    if (!turn) {
      if (this.journal.prunedAt) throw prunedError(this.journal)
      return undefined
    }
    await this.move(turn, {from: turn.after, to: turn.before, action: 'undo', force: options.force})
    this.journal.undone += 1
    await saveJournal(this.store.dir, this.journal)
    return {files: turn.files, turn: index + 1, remaining: index}
  }

  /** Re-applies the turn undone last. */
  async redo(options: {force?: boolean} = {}): Promise<UndoStep | undefined> {
    if (this.journal.undone === 0) return undefined
    const index = this.journal.turns.length - this.journal.undone
    const turn = this.journal.turns[index]
    await this.move(turn, {from: turn.before, to: turn.after, action: 'redo', force: options.force})
    this.journal.undone -= 1
    await saveJournal(this.store.dir, this.journal)
    return {files: turn.files, turn: index + 1, remaining: this.journal.undone}
  }

  /** Everything this session changed and is still in place, as a unified diff (empty when nothing). */
  async diff(): Promise<string> {
    const applied = this.journal.turns.slice(0, this.journal.turns.length - this.journal.undone)
    const first = applied[0]
    if (!first) return ''
    const files = [...new Set(applied.flatMap((turn) => turn.files))]
    const now = (await this.store.snapshot(files)).tree
    return this.store.diff(first.before, now, files)
  }

  private async move(turn: UndoTurn, step: {from: string; to: string; action: 'undo' | 'redo'; force?: boolean}): Promise<void> {
    if (!step.force) {
      const now = (await this.store.snapshot(turn.files)).tree
      const changed = await this.store.changes(step.from, now, turn.files)
      if (changed.length > 0) throw new UndoConflictError(changed.map((change) => change.path), step.action)
    }
    await this.store.restore(step.to, turn.files)
  }
}

function prunedError(journal: UndoJournal): SnapshotError {
  const {keepSessions, keepDays} = DEFAULT_PRUNE_LIMITS
  return new SnapshotError(
    `the undo history of session ${journal.session} was pruned (${(journal.prunedAt ?? '').replace(/T.*$/, '')})${journal.turns.length > 0 ? ' before the turns undone so far' : ''}`,
    `lillycoder keeps the checkpoints of a folder's newest ${keepSessions} sessions and of those changed in the last ${keepDays} days`,
    'its files can no longer be put back by undo',
  )
}
