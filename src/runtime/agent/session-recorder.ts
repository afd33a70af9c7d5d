import type {ChatMessage} from '../model/messages.js'

/**
 * Where the conversation is kept as it changes (the sessions room writes it to disk). The loop calls it and
 * never waits on it, so it must not throw: an adapter that cannot write says so once and carries on.
 */
export interface SessionRecorder {
  /** A message was added at the end (user, assistant or tool result). */
  appended(message: ChatMessage): void
  /** The last message was replaced (a user message merged into the one before it). */
  replacedLast(message: ChatMessage): void
  /** The history after the system prompt was replaced (compaction, /clear); `summary` is what was compacted. */
  reset(afterSystem: readonly ChatMessage[], summary: string | undefined): void
}

/** A saved conversation to continue: the messages after the system prompt, and the compaction summary if any. */
export interface SavedConversation {
  summary?: string
  messages: readonly ChatMessage[]
}
