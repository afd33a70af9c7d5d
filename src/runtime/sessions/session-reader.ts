import {readFile} from 'node:fs/promises'

import type {ChatMessage} from '../model/messages.js'
import {errorText} from '../text/error-text.js'
import {SessionFileError} from './session-error.js'
import {headerSchema, recordSchema, SESSION_FORMAT_VERSION, type SessionHeader, versionSchema} from './session-format.js'

/** A session as saved: its header, and the conversation the model last saw. */
export interface LoadedSession {
  header: SessionHeader
  /** What was compacted, as the summary the system prompt carried. */
  summary?: string
  /** The messages after the system prompt. */
  messages: ChatMessage[]
  /** The model and persona in force when the session was last saved (a `model` or `persona` line, else the header's). */
  model: string
  persona: string
  /** Bytes of whole lines; a torn last line (a crash mid-write) lies past this and is cut before appending. */
  completeBytes: number
}

/** Reads a session file; a corrupt one or one of a newer format throws SessionFileError and is not changed. */
export async function readSession(file: string): Promise<LoadedSession> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new SessionFileError(`cannot read session ${file}`, errorText(error), 'check the file and its permissions')
  }
  return parseSession(text, file)
}

/**
 * Parses a session file's text. Only whole lines count: text after the last newline is a line torn by a crash and
 * is ignored. Any other line that does not parse makes the whole file unusable, since a gap would change what the
 * model saw.
 */
export function parseSession(text: string, file: string): LoadedSession {
  const end = text.lastIndexOf('\n') + 1
  const lines = text.slice(0, end).split('\n')
  lines.pop() // the empty string after the last newline
  const corrupt = (line: number, why: string) =>
    new SessionFileError(`session file ${file} is corrupt at line ${line}`, why, 'it was left as it is; start a new session, or remove it with `lillycoder sessions rm`')
  if (lines.length === 0) throw corrupt(1, 'it has no header line')
  const header = readHeader(lines[0], file, corrupt)
  const conversation: Conversation = {messages: [], model: header.model, persona: header.persona}
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]
    if (line.trim() === '') continue
    const parsed = recordSchema.safeParse(parseJson(line))
    if (!parsed.success) throw corrupt(index + 1, 'the line is not a message record')
    applyRecord(conversation, parsed.data)
  }
  return {header, ...conversation, completeBytes: Buffer.byteLength(text.slice(0, end))}
}

function readHeader(line: string, file: string, corrupt: (line: number, why: string) => SessionFileError): SessionHeader {
  const json = parseJson(line)
  const version = versionSchema.safeParse(json)
  if (!version.success) throw corrupt(1, 'the first line is not a session header')
  if (version.data.version > SESSION_FORMAT_VERSION)
    throw new SessionFileError(
      `session file ${file} has format version ${version.data.version}`,
      `this lillycoder reads version ${SESSION_FORMAT_VERSION} and older`,
      'it was left as it is; update lillycoder to continue it',
    )
  const header = headerSchema.safeParse(json)
  if (!header.success) throw corrupt(1, 'the session header is missing fields')
  return header.data
}

type Conversation = Pick<LoadedSession, 'summary' | 'messages' | 'model' | 'persona'>

function applyRecord(conversation: Conversation, record: ReturnType<typeof recordSchema.parse>): void {
  switch (record.type) {
    case 'message':
      conversation.messages.push(record.message)
      return
    case 'replace_last':
      conversation.messages.pop()
      conversation.messages.push(record.message)
      return
    case 'reset':
      conversation.summary = record.summary
      conversation.messages = [...record.messages]
      return
    case 'persona':
      conversation.persona = record.name
      return
    case 'model':
      conversation.model = record.model
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return undefined // the schema check that follows names the line as corrupt
  }
}
