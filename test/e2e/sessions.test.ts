/**
 * Saved sessions, end to end: the built CLI against a scripted server that records what it is sent. A session is
 * saved as it goes; `--continue` and `--resume ID` send the model the earlier messages; a corrupt or newer file is
 * one line and left untouched; `sessions list` and `sessions rm`; `sessions: off` saves nothing.
 */
import {describe, expect, test} from '@jest/globals'
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {chatRequestBodies} from '../support/run-output.js'
import type {WireTurn} from '../support/wire-server.js'

const e2e = useE2E()

interface ChatBody {
  messages: Array<{role: string; content: string | null}>
}

const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const sessionsDir = () => path.join(e2e.sandbox.env.XDG_STATE_HOME!, 'lillycoder', 'sessions')
const run = (...args: string[]) => e2e.sandbox.run(['run', ...args, '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
const sentAfterSystem = (request: number) => chatRequestBodies<ChatBody>(e2e.server)[request].messages.slice(1).map((m) => `${m.role}: ${m.content ?? ''}`)

async function listJson(...args: string[]) {
  const result = await e2e.sandbox.run(['sessions', 'list', '--json', ...args])
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as {sessions: Array<{id: string; workspace: string; messages: number; title: string}>; problems: string[]}
}

describe('continuing a session', () => {
  test('run --continue sends the model the earlier messages, then the new task, and saves both', async () => {
    await e2e.serve([answer('The answer is 4.'), answer('Times two: 8.')])
    expect((await run('what is 2+2?')).code).toBe(0)
    const second = await run('--continue', 'and times two?')
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    expect(sentAfterSystem(1)).toEqual(['user: what is 2+2?', 'assistant: The answer is 4.', 'user: and times two?'])
    const {sessions} = await listJson()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({messages: 4, title: 'what is 2+2?', workspace: e2e.sandbox.workspace})
  })

  test('--resume ID continues that session, not the newest; a tool call and its result come back too', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'alpha\n')
    await e2e.serve([
      {flavor: 'llamacpp', toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}, id: 'call-1'}]},
      answer('It says alpha.'),
      answer('Unrelated.'),
      answer('Back to a.txt.'),
    ])
    await run('read a.txt')
    const [first] = (await listJson()).sessions
    await run('something else')
    expect((await run('--resume', first.id, 'again?')).code).toBe(0)
    const sent = chatRequestBodies<ChatBody>(e2e.server)[3].messages.slice(1)
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user'])
    expect(sent[2].content).toContain('alpha')
    expect(sent.at(-1)?.content).toBe('again?')
  })

  test.each([
    ['--continue with nothing saved', ['--continue'], /no saved session for this folder to continue/],
    ['--resume with an unknown id', ['--resume', 'nope'], /no session "nope"/],
    ['--resume with a path for an id', ['--resume', '../x'], /not a session id/],
  ])('%s: one line, exit 2, no request sent', async (_name, flags, pattern) => {
    await e2e.serve([answer('never')])
    const result = await run(...flags, 'task')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(pattern)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(chatRequestBodies(e2e.server)).toHaveLength(0)
  })

  test('run --resume alone is an error that lists the ids to choose from', async () => {
    await e2e.serve([answer('one'), answer('two')])
    await run('first')
    await run('second')
    const ids = (await listJson()).sessions.map((s) => s.id)
    const result = await e2e.sandbox.run(['run', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', 'task', '--resume'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--resume needs a session id here; this folder has: /)
    for (const id of ids) expect(result.stderr).toContain(id)
  })
})

describe('unreadable session files', () => {
  const header = {type: 'session', id: 'bad-1', workspace: '', endpoint: 'e', model: 'm', persona: 'lilly', created: '2026-01-01T00:00:00.000Z'}
  test.each([
    ['corrupt', (workspace: string) => `${JSON.stringify({...header, version: 1, workspace})}\nthis is not json\n{"type":"message","message":{"role":"user","content":"x"}}\n`, /bad-1\.jsonl is corrupt at line 2/],
    ['of a newer format', (workspace: string) => `${JSON.stringify({...header, version: 99, workspace})}\n`, /format version 99.*update lillycoder/],
  ])('a %s file: one clear line, exit 2, and the file is left byte for byte', async (_name, content, pattern) => {
    await e2e.serve([answer('never')])
    await mkdir(sessionsDir(), {recursive: true})
    const file = path.join(sessionsDir(), 'bad-1.jsonl')
    const text = content(e2e.sandbox.workspace)
    await writeFile(file, text)
    const result = await run('--resume', 'bad-1', 'go on')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(pattern)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(await readFile(file, 'utf8')).toBe(text)
    const listed = await e2e.sandbox.run(['sessions', 'list'])
    expect(listed.code).toBe(0)
    expect(listed.stderr).toMatch(pattern)
  })
})

describe('sessions list and rm', () => {
  test('list shows this folder only unless --all; rm deletes one; a bad id is one line', async () => {
    await e2e.serve([answer('here'), answer('there')])
    await run('in the workspace')
    const other = path.join(e2e.sandbox.home, 'other')
    await mkdir(other)
    await e2e.sandbox.run(['run', 'in another folder', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'], {cwd: other})
    const mine = await listJson()
    expect(mine.sessions.map((s) => s.title)).toEqual(['in the workspace'])
    const all = await listJson('--all')
    expect(all.sessions.map((s) => s.title).sort()).toEqual(['in another folder', 'in the workspace'])
    const table = await e2e.sandbox.run(['sessions', 'list'])
    expect(table.stdout).toMatch(new RegExp(`^${mine.sessions[0].id} .*qwen2\\.5-coder:7b\\s+in the workspace$`, 'm'))

    const removed = await e2e.sandbox.run(['sessions', 'rm', mine.sessions[0].id])
    expect(removed.code).toBe(0)
    expect((await listJson()).sessions).toEqual([])
    const again = await e2e.sandbox.run(['sessions', 'rm', mine.sessions[0].id])
    expect(again.code).toBe(2)
    expect(again.stderr.trim()).toMatch(/^lillycoder: no session ".*"/)
    expect(again.stderr.trim().split('\n')).toHaveLength(1)
  })

  test('`sessions: off` in the user config saves nothing', async () => {
    await e2e.serve([answer('unsaved')])
    const configDir = path.join(e2e.sandbox.env.XDG_CONFIG_HOME!, 'lillycoder')
    await mkdir(configDir, {recursive: true})
    await writeFile(path.join(configDir, 'config.yaml'), 'sessions: off\n')
    const result = await run('hello')
    expect(result.code).toBe(0)
    expect(await readdir(sessionsDir()).catch(() => [])).toEqual([])
  })
})
