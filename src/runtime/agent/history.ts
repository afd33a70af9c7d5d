import {messageChars} from '../context/context-budget.js'
import type {ChatMessage} from '../model/messages.js'
import type {SessionRecorder} from './session-recorder.js'

/**
 * The conversation's messages and their size in prompt characters, kept up to date as messages come and go, so
 * a step never re-reads or copies the whole history to estimate it. Messages are never changed in place: a
 * change is a new object (the wire conversion is cached per object).
 */
export class History {
  private readonly list: ChatMessage[] = []
  private chars = 0
  /** Told of each append and replacement (not of reset: the session reports that with its summary). */
  recorder?: Pick<SessionRecorder, 'appended' | 'replacedLast'>

  get messages(): readonly ChatMessage[] {
    return this.list
  }

  /** Prompt characters of every message (see `messageChars`). */
  get totalChars(): number {
    return this.chars
  }

  get last(): ChatMessage | undefined {
    return this.list.at(-1)
  }

  append(message: ChatMessage): void {
    this.push(message)
    this.recorder?.appended(message)
  }

  replaceLast(message: ChatMessage): void {
    const last = this.list.pop()
    if (last) this.chars -= messageChars(last)
    this.push(message)
    this.recorder?.replacedLast(message)
  }

  /** A new history (after a compaction or /clear): the one place the whole list is measured. */
  reset(messages: readonly ChatMessage[]): void {
    this.list.splice(0, this.list.length, ...messages)
    this.chars = 0
    for (const message of messages) this.chars += messageChars(message)
  }

  private push(message: ChatMessage): void {
    this.list.push(message)
    this.chars += messageChars(message)
  }
}
