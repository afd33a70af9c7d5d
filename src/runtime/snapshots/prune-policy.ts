/** How much undo history a workspace keeps: a session's checkpoints stay while it is among the newest or recent. */
export interface PruneLimits {
  /** The newest sessions (by their last undo change) whose checkpoints are always kept. */
  keepSessions: number
  /** Sessions changed within this many days are kept too, however many there are. */
  keepDays: number
  /** Prunes run at most this often per workspace (they end with a `git gc`). */
  everyHours: number
}

export const DEFAULT_PRUNE_LIMITS: PruneLimits = {keepSessions: 20, keepDays: 30, everyHours: 24}

export interface JournalAge {
  session: string
  /** When its undo history last changed (the journal's mtime). */
  updated: Date
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Which sessions' checkpoints to keep and which to drop: kept are the newest `keepSessions`, those changed in the
 * last `keepDays`, and `current` (the session starting now). A session is dropped only when it is neither.
 */
export function chooseSessionsToPrune(journals: readonly JournalAge[], now: Date, limits: PruneLimits, current?: string): {keep: string[]; drop: string[]} {
  const newestFirst = [...journals].sort((a, b) => b.updated.getTime() - a.updated.getTime() || b.session.localeCompare(a.session))
  const oldest = now.getTime() - limits.keepDays * DAY_MS
  const keep: string[] = []
  const drop: string[] = []
  newestFirst.forEach((journal, index) => {
    if (index < limits.keepSessions || journal.updated.getTime() >= oldest || journal.session === current) keep.push(journal.session)
    else drop.push(journal.session)
  })
  return {keep, drop}
}

/** Whether a prune is due: none yet, or the last one is at least `everyHours` old (a clock set back counts as due). */
export function pruneIsDue(last: Date | undefined, now: Date, limits: PruneLimits): boolean {
  if (!last) return true
  const age = now.getTime() - last.getTime()
  return age < 0 || age >= limits.everyHours * 60 * 60 * 1000
}
