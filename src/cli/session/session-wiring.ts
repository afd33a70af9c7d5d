import {xdgPaths} from '../../runtime/config/xdg-paths.js'
import type {LoadedSession} from '../../runtime/sessions/session-reader.js'
import {newSessionId, sessionsDir, type SessionSummary} from '../../runtime/sessions/session-store.js'
import type {BuiltAgent} from './build-agent.js'
import {SessionKeeper} from './session-keeper.js'
import {loadStartingSession, sessionStartFromFlags} from './session-start.js'
import {UndoKeeper} from './undo-keeper.js'

export interface SessionWiringOptions {
  flags: {continue: boolean; resume?: string}
  workspace: string
  /** Asks which session to resume (`--resume` alone in chat); absent in run. */
  pick?(sessions: SessionSummary[]): Promise<SessionSummary | undefined>
  /** A line about undo for the person, mid-turn; `info` lines may be skipped (a headless run). */
  notice(message: string, kind: 'info' | 'problem'): void
  warn(message: string): void
}

/** The saved session a chat or run continues (if any), its /undo history, and how to hook both to the agent. */
export interface SessionWiring {
  /** `$XDG_STATE_HOME/lillycoder/sessions`. */
  dir: string
  loaded?: LoadedSession
  undo: UndoKeeper
  /** Once the agent is built: restores the saved conversation into it and records from then on. */
  attach(agent: BuiltAgent): SessionKeeper
}

/** Before the agent is built (a bad --resume fails before any server is asked): picks the session and its undo. */
export async function wireSession(options: SessionWiringOptions): Promise<SessionWiring> {
  const state = xdgPaths().state
  const dir = sessionsDir(state)
  const loaded = await loadStartingSession(sessionStartFromFlags(options.flags), {dir, workspace: options.workspace, pick: options.pick})
  const id = loaded?.header.id ?? newSessionId()
  const undo = new UndoKeeper({stateDir: state, workspace: options.workspace, sessionId: id, notice: options.notice})
  // Old sessions' checkpoints go at most once a day; in the background, safe alongside this session's own.
  void undo.pruneOldSessions()
  return {
    dir,
    loaded,
    undo,
    attach(agent) {
      const keeper = new SessionKeeper({dir, workspace: options.workspace, saving: agent.settings.sessions !== false, warn: options.warn}, loaded, id)
      keeper.attach(agent.session, factsOf(agent))
      // Switches are recorded as small lines, so a resumed session speaks with the persona and model it last had.
      agent.personas.onChange = (persona) => keeper.personaChanged(persona.name)
      agent.modelSwitch.onSwitched = (model) => keeper.modelChanged(model)
      return keeper
    },
  }
}

/** What a session file's header says about the agent: read when asked, so /model and /persona switches count. */
export function factsOf(agent: BuiltAgent): {endpoint: string; model: string; persona: string} {
  return {
    endpoint: agent.client.baseURL,
    get model() {
      return agent.modelSwitch.model
    },
    get persona() {
      return agent.personas.active().name
    },
  }
}
