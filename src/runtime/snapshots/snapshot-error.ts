/** Undo or a checkpoint could not be done: what, why and what to do, said as one line. */
export class SnapshotError extends Error {
  constructor(
    readonly what: string,
    readonly why: string,
    readonly hint: string,
  ) {
    super(`${what}: ${why}; ${hint}`)
    this.name = 'SnapshotError'
  }
}

/** Undo or redo would overwrite changes someone else made after lillycoder's: the files, named. */
export class UndoConflictError extends SnapshotError {
  constructor(
    readonly files: string[],
    action: 'undo' | 'redo',
  ) {
    super(
      `${action} refused: ${files.join(', ')} changed since lillycoder's ${action === 'undo' ? 'change' : 'undo'}`,
      `${action === 'undo' ? 'undoing' : 'redoing'} would throw that work away`,
      `look at the file${files.length > 1 ? 's' : ''}, or ${action} with --force to overwrite`,
    )
    this.name = 'UndoConflictError'
  }
}
