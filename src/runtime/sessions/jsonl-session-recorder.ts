import {closeSync, ftruncateSync, mkdirSync, openSync, writeSync} from 'node:fs'
import path from 'node:path'

import type {ChatMessage} from '../model/messages.js'
import {errorText} from '../text/error-text.js'
import {SESSION_FORMAT_VERSION, type SessionHeader, type SessionRecord} from './session-format.js'

export interface JsonlRecorderOptions {
  file: string
  header: Omit<SessionHeader, 'type' | 'version'>
  /** Continuing an existing file: whole lines end here; a torn line past it is cut first. Absent: a new file. */
  appendAfter?: number
  /** Told once when the file cannot be written; recording then stops, the session goes on. */
  warn(message: string): void
}

/**
 * The session recorder that keeps a conversation as JSONL: a header line, then one line per change, each written
 * with one write call as it happens, so a crash loses at most the line being written. Each change writes only its
 * own line: the cost of a step never grows with the history. The file is created with the first message, so a
 * session where nothing was said leaves nothing behind.
 */
export class JsonlSessionRecorder {
  private fd?: number
  private failed = false
  // The header to write when the file is created; a switch before the first message changes it instead of adding a line.
  private readonly header: JsonlRecorderOptions['header']

  constructor(private readonly options: JsonlRecorderOptions) {
    this.header = {...options.header}
  }

  get file(): string {
    return this.options.file
  }

  appended(message: ChatMessage): void {
    this.write({type: 'message', message})
  }

  replacedLast(message: ChatMessage): void {
    this.write({type: 'replace_last', message})
  }

  reset(afterSystem: readonly ChatMessage[], summary: string | undefined): void {
    this.write({type: 'reset', ...(summary === undefined ? {} : {summary}), messages: [...afterSystem]})
  }

  /** Another persona speaks from now on: one small line (the conversation itself did not change). */
  personaChanged(name: string): void {
    if (this.notCreatedYet()) this.header.persona = name
    else this.write({type: 'persona', name})
  }

  /** Requests carry another model from now on: one small line, so a resumed session asks for it. */
  modelChanged(model: string): void {
    if (this.notCreatedYet()) this.header.model = model
    else this.write({type: 'model', model})
  }

  close(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }

  private write(record: SessionRecord): void {
    if (this.failed) return
    try {
      writeSync(this.open(), `${JSON.stringify(record)}\n`)
    } catch (error) {
      // Saving is a convenience: a full disk or a read-only state dir must not end the conversation. Said once.
      this.failed = true
      this.options.warn(`could not save this session to ${this.options.file} (${errorText(error)}); it goes on unsaved`)
    }
  }

  /** A new session whose file is not written yet (nothing was said): its header can still change. */
  private notCreatedYet(): boolean {
    return this.fd === undefined && this.options.appendAfter === undefined
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd
    const {file, appendAfter} = this.options
    const {header} = this
    mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
    if (appendAfter === undefined) {
      // 'wx': a new session never writes over another one's file.
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, `${JSON.stringify({type: 'session', version: SESSION_FORMAT_VERSION, ...header})}\n`)
      closeSync(fd)
    } else {
      // Cut the torn tail of a crashed write, or the next line would be glued onto it.
      const fd = openSync(file, 'r+')
      ftruncateSync(fd, appendAfter)
      closeSync(fd)
    }
    this.fd = openSync(file, 'a')
    return this.fd
  }
}
