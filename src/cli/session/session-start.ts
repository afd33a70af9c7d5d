import {SessionFileError} from '../../runtime/sessions/session-error.js'
import {readSession, type LoadedSession} from '../../runtime/sessions/session-reader.js'
import {findSessionFile, listSessions, type SessionSummary} from '../../runtime/sessions/session-store.js'
import {UserError} from '../user-error.js'

/** `--resume` given alone (no id) is rewritten to this before parsing: it is no id, so it can never name one. */
export const PICK_SESSION = '?'

/** Which session a chat or run starts in, from --continue and --resume. */
export type SessionStart = {kind: 'new'} | {kind: 'continue'} | {kind: 'resume'; id: string} | {kind: 'pick'}

export function sessionStartFromFlags(flags: {continue: boolean; resume?: string}): SessionStart {
  if (flags.resume === PICK_SESSION) return {kind: 'pick'}
  if (flags.resume !== undefined) return {kind: 'resume', id: flags.resume}
  return flags.continue ? {kind: 'continue'} : {kind: 'new'}
}

/** oclif string flags need a value; `--resume` alone (last, or before another flag) means "let me pick". */
export function markBareResume(argv: readonly string[]): string[] {
  return argv.map((arg, index) => (arg === '--resume' && (index === argv.length - 1 || argv[index + 1].startsWith('-')) ? `--resume=${PICK_SESSION}` : arg))
}

export interface StartOptions {
  dir: string
  workspace: string
  /** Asks which of the listed sessions to continue; absent (run, no terminal): listing them is an error. */
  pick?(sessions: SessionSummary[]): Promise<SessionSummary | undefined>
}

/** Loads the session to continue, or undefined for a new one. A bad id or an unreadable file is one line. */
export async function loadStartingSession(start: SessionStart, options: StartOptions): Promise<LoadedSession | undefined> {
  try {
    switch (start.kind) {
      case 'new':
        return undefined
      case 'resume':
        return await readSession(await findSessionFile(options.dir, start.id))
      case 'continue': {
        const newest = (await listSessions(options.dir, {workspace: options.workspace})).sessions[0]
        if (!newest) throw new UserError('there is no saved session for this folder to continue; start one without --continue')
        return await readSession(newest.file)
      }
      case 'pick': {
        const {sessions} = await listSessions(options.dir, {workspace: options.workspace})
        if (sessions.length === 0) throw new UserError('there is no saved session for this folder to resume; `lillycoder sessions list --all` shows the others')
        if (!options.pick) throw new UserError(`--resume needs a session id here; this folder has: ${sessions.map((s) => s.id).join(', ')}`)
        const chosen = await options.pick(sessions)
        if (!chosen) throw new UserError('no session chosen')
        return await readSession(chosen.file)
      }
    }
  } catch (error) {
    if (error instanceof SessionFileError) throw new UserError(error.message)
    throw error
  }
}
