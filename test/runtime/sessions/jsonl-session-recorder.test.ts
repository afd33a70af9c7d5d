import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {appendFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {JsonlSessionRecorder} from '../../../src/runtime/sessions/jsonl-session-recorder.js'
import {readSession} from '../../../src/runtime/sessions/session-reader.js'
import {findSessionFile, listSessions, newSessionId, removeSession, sessionFile} from '../../../src/runtime/sessions/session-store.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lilly-sessions-'))
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

const header = (id: string, workspace = '/w') => ({id, workspace, endpoint: 'http://127.0.0.1:1/v1', model: 'm', persona: 'lilly', created: new Date().toISOString()})
const noWarn = (message: string) => {
  throw new Error(`unexpected warning: ${message}`)
}

describe('JsonlSessionRecorder', () => {
  test('creates nothing until the first message, then reads back as written', async () => {
    const file = sessionFile(dir, 'a1')
    const recorder = new JsonlSessionRecorder({file, header: header('a1'), warn: noWarn})
    await expect(readFile(file)).rejects.toThrow(/ENOENT/)
    recorder.appended({role: 'user', content: 'hi'})
    recorder.appended({role: 'assistant', content: 'hello'})
    recorder.close()
    const loaded = await readSession(file)
    expect(loaded.header).toMatchObject({type: 'session', version: 2, id: 'a1'})
    expect(loaded.messages).toEqual([
      {role: 'user', content: 'hi'},
      {role: 'assistant', content: 'hello'},
    ])
  })

  test('each change appends one line: earlier lines are never rewritten', async () => {
    const file = sessionFile(dir, 'a2')
    const recorder = new JsonlSessionRecorder({file, header: header('a2'), warn: noWarn})
    recorder.appended({role: 'user', content: 'one'})
    const first = await readFile(file, 'utf8')
    recorder.appended({role: 'assistant', content: 'two'})
    const second = await readFile(file, 'utf8')
    expect(second.startsWith(first)).toBe(true)
    expect(second.slice(first.length).split('\n').filter(Boolean)).toHaveLength(1)
    recorder.close()
  })

  test('continuing a file with a torn last line cuts the torn part before appending', async () => {
    const file = sessionFile(dir, 'a3')
    const first = new JsonlSessionRecorder({file, header: header('a3'), warn: noWarn})
    first.appended({role: 'user', content: 'kept'})
    first.close()
    await appendFile(file, '{"type":"message","mes')
    const loaded = await readSession(file)
    const next = new JsonlSessionRecorder({file, header: header('a3'), appendAfter: loaded.completeBytes, warn: noWarn})
    next.appended({role: 'assistant', content: 'after'})
    next.close()
    expect((await readSession(file)).messages).toEqual([
      {role: 'user', content: 'kept'},
      {role: 'assistant', content: 'after'},
    ])
  })

  test('a state dir it cannot write: one warning, then silence, and no throw', async () => {
    const locked = path.join(dir, 'locked')
    await writeFile(locked, 'a file, not a folder')
    const warnings: string[] = []
    const recorder = new JsonlSessionRecorder({file: path.join(locked, 'x.jsonl'), header: header('x'), warn: (message) => warnings.push(message)})
    recorder.appended({role: 'user', content: 'a'})
    recorder.appended({role: 'user', content: 'b'})
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/could not save this session/)
  })
})

describe('the session store', () => {
  test('lists this workspace newest first, all with --all, and names unreadable files', async () => {
    const write = (id: string, workspace: string, text: string) => {
      const recorder = new JsonlSessionRecorder({file: sessionFile(dir, id), header: header(id, workspace), warn: noWarn})
      recorder.appended({role: 'user', content: text})
      recorder.close()
    }
    write('s-old', '/w', 'first question\nmore')
    await new Promise((resolve) => setTimeout(resolve, 20))
    write('s-new', '/w', 'second question')
    write('s-other', '/elsewhere', 'other')
    await writeFile(sessionFile(dir, 'broken'), 'nonsense\n')
    const mine = await listSessions(dir, {workspace: '/w'})
    expect(mine.sessions.map((s) => s.id)).toEqual(['s-new', 's-old'])
    expect(mine.sessions[1].title).toBe('first question')
    expect(mine.problems).toEqual([expect.stringMatching(/broken\.jsonl is corrupt/)])
    expect((await listSessions(dir)).sessions).toHaveLength(3)
  })

  test('finds by id or unique prefix; refuses ids that are paths, unknown ids and ambiguous prefixes', async () => {
    for (const id of ['20261207-1', '20261207-2']) await writeFile(sessionFile(dir, id), '')
    await expect(findSessionFile(dir, '20261207-1')).resolves.toBe(sessionFile(dir, '20261207-1'))
    await expect(findSessionFile(dir, '20261207-')).rejects.toThrow(/matches 2 sessions/)
    await expect(findSessionFile(dir, '../../etc/passwd')).rejects.toThrow(/not a session id/)
    await expect(findSessionFile(dir, 'nope')).rejects.toThrow(/no session "nope"/)
    await removeSession(dir, '20261207-2')
    await expect(findSessionFile(dir, '20261207-2')).rejects.toThrow(/no session/)
  })

  test('new ids sort by time and are file-name safe', () => {
    const a = newSessionId(new Date('2026-12-07T21:00:00Z'))
    const b = newSessionId(new Date('2026-12-07T21:00:01Z'))
    expect(a).toMatch(/^20261207-210000-[0-9a-f]{4}$/)
    expect(a < b).toBe(true)
  })
})
