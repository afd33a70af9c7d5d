import type {SessionSummary} from '../../runtime/sessions/session-store.js'

/** One session as a line of `sessions list` and `/sessions`: id, when, size, model, first words. */
export function formatSessionRow(session: SessionSummary, options: {now?: Date; showWorkspace?: boolean} = {}): string {
  const when = relativeTime(session.updated, options.now ?? new Date())
  const where = options.showWorkspace ? `  ${session.header.workspace}` : ''
  return `${session.id}  ${when.padEnd(9)} ${`${session.messages} msgs`.padEnd(9)} ${session.header.model}${where}  ${session.title || '(no message)'}`
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function relativeTime(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000))
  if (seconds < 60) return 'just now'
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  return `${Math.floor(seconds / 86_400)} d ago`
}
