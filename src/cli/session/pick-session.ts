import type {SessionSummary} from '../../runtime/sessions/session-store.js'
import {formatSessionRow} from './format-sessions.js'

/** Lists the sessions numbered and asks which to continue (`chat --resume` alone); undefined when none is chosen. */
export async function pickSession(
  sessions: SessionSummary[],
  io: {ask(prompt: string): Promise<string | null>; print(text: string): void},
): Promise<SessionSummary | undefined> {
  sessions.forEach((session, index) => io.print(`${String(index + 1).padStart(3)}. ${formatSessionRow(session)}\n`))
  for (;;) {
    const answer = (await io.ask(`resume which? (1-${sessions.length} or an id, empty to cancel) `))?.trim()
    if (!answer) return undefined
    const chosen = /^\d+$/.test(answer) ? sessions[Number(answer) - 1] : sessions.find((session) => session.id.startsWith(answer))
    if (chosen) return chosen
    io.print(`no session ${answer} in the list\n`)
  }
}
