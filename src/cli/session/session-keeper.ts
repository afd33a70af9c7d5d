import type {AgentSession} from '../../runtime/agent/agent-loop.js'
import {JsonlSessionRecorder} from '../../runtime/sessions/jsonl-session-recorder.js'
import type {LoadedSession} from '../../runtime/sessions/session-reader.js'
import {newSessionId, sessionFile} from '../../runtime/sessions/session-store.js'

/** What the session is recorded as: the header's facts that only the built agent knows. */
export interface SessionFacts {
  endpoint: string
  model: string
  persona: string
}

export interface SessionKeeperOptions {
  /** `$XDG_STATE_HOME/lillycoder/sessions`. */
  dir: string
  workspace: string
  /** false: `sessions: off` in the config; nothing is written, resuming still works. */
  saving: boolean
  warn(message: string): void
}

/**
 * The session a chat or run is in: a new one, or a saved one continued. It restores the saved conversation into
 * the agent and records every change from then on in the session's own file; /resume switches it to another.
 */
export class SessionKeeper {
  private recorder?: JsonlSessionRecorder
  private currentId: string
  // What the file says is in force, so a switch to the same model or persona adds no line.
  private current = {model: '', persona: ''}

  constructor(
    private readonly options: SessionKeeperOptions,
    private loaded: LoadedSession | undefined,
    id: string = loaded?.header.id ?? newSessionId(),
  ) {
    this.currentId = id
  }

  get id(): string {
    return this.currentId
  }

  /** Whether this run continues a saved session. */
  get resumed(): LoadedSession | undefined {
    return this.loaded
  }

  /**
   * Restores the saved conversation (if any) into the agent, then records from here on. A saved session continued
   * with another model or persona (a flag, or /resume from a session using others) gets a line saying so.
   */
  attach(session: AgentSession, facts: SessionFacts): void {
    if (this.loaded) session.restore(this.loaded)
    this.recorder?.close()
    this.recorder = this.options.saving ? this.makeRecorder(facts) : undefined
    session.recordTo(this.recorder)
    this.current = {model: this.loaded?.model ?? facts.model, persona: this.loaded?.persona ?? facts.persona}
    this.modelChanged(facts.model)
    this.personaChanged(facts.persona)
  }

  /** The persona switched (/persona, switch_persona, an evolved rewrite): a line with its name, if it is another. */
  personaChanged(name: string): void {
    if (name === this.current.persona) return
    this.current.persona = name
    this.recorder?.personaChanged(name)
  }

  /** /model switched the model requests carry: a line with it, if it is another. */
  modelChanged(model: string): void {
    if (model === this.current.model) return
    this.current.model = model
    this.recorder?.modelChanged(model)
  }

  /** Continues another saved session in the same process (/resume): its messages replace the conversation. */
  switchTo(session: AgentSession, loaded: LoadedSession, facts: SessionFacts): void {
    this.loaded = loaded
    this.currentId = loaded.header.id
    this.attach(session, facts)
  }

  close(): void {
    this.recorder?.close()
    this.recorder = undefined
  }

  private makeRecorder(facts: SessionFacts): JsonlSessionRecorder {
    const {dir, workspace, warn} = this.options
    const file = sessionFile(dir, this.currentId)
    if (this.loaded) return new JsonlSessionRecorder({file, header: this.loaded.header, appendAfter: this.loaded.completeBytes, warn})
    return new JsonlSessionRecorder({file, header: {id: this.currentId, workspace, ...facts, created: new Date().toISOString()}, warn})
  }
}
