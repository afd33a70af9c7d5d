import {randomBytes} from 'node:crypto'
import {readdir, rm, stat} from 'node:fs/promises'
import path from 'node:path'

import {errorText} from '../text/error-text.js'
import {SessionFileError} from './session-error.js'
import type {SessionHeader} from './session-format.js'
import {readSession} from './session-reader.js'

const EXTENSION = '.jsonl'
// Ids are file names: only these characters, so an id typed by a person can never name a path elsewhere.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*$/

/** One saved session, as `sessions list` shows it. */
export interface SessionSummary {
  id: string
  file: string
  header: SessionHeader
  /** When the file was last written. */
  updated: Date
  messages: number
  /** The first user message's first line, shortened. */
  title: string
}

export interface SessionListing {
  /** Newest first (by last write). */
  sessions: SessionSummary[]
  /** One line per file that could not be read (corrupt, newer format); those files are left as they are. */
  problems: string[]
}

/** `$XDG_STATE_HOME/lillycoder/sessions`. */
export function sessionsDir(stateDir: string): string {
  return path.join(stateDir, 'sessions')
}

/** A new id, sortable by creation time: `20261207-214500-3fa2`. */
export function newSessionId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replaceAll('-', '').replace('T', '-').replaceAll(':', '')
  return `${stamp}-${randomBytes(2).toString('hex')}`
}

export function sessionFile(dir: string, id: string): string {
  return path.join(dir, `${id}${EXTENSION}`)
}

/** The saved sessions, newest first; only this workspace's when `workspace` is given. */
export async function listSessions(dir: string, options: {workspace?: string} = {}): Promise<SessionListing> {
  const names = await sessionFileNames(dir)
  const sessions: SessionSummary[] = []
  const problems: string[] = []
  for (const name of names) {
    const file = path.join(dir, name)
    try {
      const [loaded, info] = await Promise.all([readSession(file), stat(file)])
      if (options.workspace !== undefined && loaded.header.workspace !== options.workspace) continue
      const firstUser = loaded.messages.find((message) => message.role === 'user')
      sessions.push({
        id: loaded.header.id,
        file,
        header: loaded.header,
        updated: info.mtime,
        messages: loaded.messages.length,
        title: shorten(firstUser?.content.split('\n')[0] ?? '', 60),
      })
    } catch (error) {
      problems.push(errorText(error))
    }
  }
  sessions.sort((a, b) => b.updated.getTime() - a.updated.getTime() || b.id.localeCompare(a.id))
  return {sessions, problems}
}

/** The file of the session with this id, or the one session whose id starts with it. */
export async function findSessionFile(dir: string, id: string): Promise<string> {
  if (!ID_PATTERN.test(id)) throw new SessionFileError(`"${id}" is not a session id`, 'ids are letters, digits and dashes', 'see `lillycoder sessions list`')
  const ids = (await sessionFileNames(dir)).map((name) => name.slice(0, -EXTENSION.length))
  if (ids.includes(id)) return sessionFile(dir, id)
  const matches = ids.filter((candidate) => candidate.startsWith(id))
  if (matches.length === 1) return sessionFile(dir, matches[0])
  if (matches.length > 1) throw new SessionFileError(`"${id}" matches ${matches.length} sessions`, matches.slice(0, 5).join(', '), 'give more of the id')
  throw new SessionFileError(`no session "${id}"`, `there is no such file in ${dir}`, 'see `lillycoder sessions list --all`')
}

/** Deletes one session's file; returns its path. */
export async function removeSession(dir: string, id: string): Promise<string> {
  const file = await findSessionFile(dir, id)
  await rm(file)
  return file
}

async function sessionFileNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(EXTENSION) && ID_PATTERN.test(name.slice(0, -EXTENSION.length)))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
