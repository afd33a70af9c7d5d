/**
 * Pruning the undo history, end to end: a session start drops the checkpoints of a folder's sessions beyond the
 * newest 20 that are also over 30 days old; undo of the recent session still works after the gc, and
 * `lillycoder undo --session <pruned id>` says in one line that its history was pruned.
 */
import {describe, expect, test} from '@jest/globals'
import {readdir, readFile, utimes, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {SnapshotStore} from '../../src/runtime/snapshots/snapshot-store.js'
import {useE2E} from '../support/e2e-context.js'
import type {WireTurn} from '../support/wire-server.js'

const e2e = useE2E()

const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const call = (name: string, args: Record<string, unknown>): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name, arguments: args}]})
const file = (name: string) => path.join(e2e.sandbox.workspace, name)
const run = (task: string) => e2e.sandbox.run(['run', task, '--bypass-permissions', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
const undo = (...args: string[]) => e2e.sandbox.run(['undo', ...args])
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000)

describe('pruned undo history', () => {
  test('an old session beyond the newest 20 is pruned at the next start; the new session still undoes; the old one says pruned', async () => {
    await writeFile(file('a.txt'), 'one\n')
    await e2e.serve([call('write_file', {path: 'a.txt', content: 'old\n'}), answer('Done.'), call('write_file', {path: 'b.txt', content: 'new\n'}), answer('Done.')])
    expect((await run('change a.txt')).code).toBe(0)
    const store = SnapshotStore.dirFor(path.join(e2e.sandbox.env.XDG_STATE_HOME!, 'lillycoder'), e2e.sandbox.workspace)
    const journals = path.join(store, 'journal')
    const [oldName] = await readdir(journals)
    const oldId = oldName.replace(/\.json$/, '')
    // The old session is 60 days old, and 20 sessions have changed files here since (their journals, with no turns).
    await utimes(path.join(journals, oldName), daysAgo(60), daysAgo(60))
    for (let index = 0; index < 20; index++) {
      const id = `20261101-000000-${String(index).padStart(4, '0')}`
      await writeFile(path.join(journals, `${id}.json`), JSON.stringify({version: 1, session: id, workspace: e2e.sandbox.workspace, turns: [], undone: 0}))
      await utimes(path.join(journals, `${id}.json`), daysAgo(40 - index), daysAgo(40 - index))
    }

    expect((await run('make b.txt')).code).toBe(0)
    expect(await readdir(journals)).not.toContain(oldName)

    const recent = await undo()
    expect(recent.code).toBe(0)
    expect(recent.stdout).toMatch(/undid turn 1 of session \S+, 1 file:\n {2}b\.txt\n/)

    const pruned = await undo('--session', oldId)
    expect(pruned.code).not.toBe(0)
    expect(pruned.stdout).toBe('')
    expect(pruned.stderr).toMatch(new RegExp(`^lillycoder: the undo history of session ${oldId} was pruned \\(\\d{4}-\\d\\d-\\d\\d\\): .*newest 20 sessions.*30 days.*\\n$`))
    expect(await readFile(file('a.txt'), 'utf8')).toBe('old\n')
  })

  test('an id that never had history is still told apart from a pruned one', async () => {
    const result = await undo('--session', '20200101-000000-abcd')
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/has changed no files in this folder/)
  })
})
