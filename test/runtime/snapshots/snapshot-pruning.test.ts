import {execFileSync} from 'node:child_process'
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {chooseSessionsToPrune, DEFAULT_PRUNE_LIMITS, pruneIsDue, type PruneLimits} from '../../../src/runtime/snapshots/prune-policy.js'
import {SnapshotError} from '../../../src/runtime/snapshots/snapshot-error.js'
import {pruneSnapshots} from '../../../src/runtime/snapshots/snapshot-pruning.js'
import {SnapshotStore} from '../../../src/runtime/snapshots/snapshot-store.js'
import {journalExists, loadJournal} from '../../../src/runtime/snapshots/undo-journal.js'
import {WorkspaceCheckpoints} from '../../../src/runtime/snapshots/workspace-checkpoints.js'

const NOW = new Date('2026-12-08T12:00:00Z')
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000)
const limits = (keepSessions: number, keepDays: number): PruneLimits => ({keepSessions, keepDays, everyHours: 24})

describe('chooseSessionsToPrune', () => {
  const journals = [
    {session: 'a', updated: daysAgo(1)},
    {session: 'b', updated: daysAgo(10)},
    {session: 'c', updated: daysAgo(40)},
    {session: 'd', updated: daysAgo(90)},
  ]
  const cases: Array<[name: string, keepSessions: number, keepDays: number, current: string | undefined, dropped: string[]]> = [
    ['the defaults keep all four (fewer than 20)', 20, 30, undefined, []],
    ['newest 1, 30 days: a by count, b by age', 1, 30, undefined, ['c', 'd']],
    ['newest 3, 30 days: c by count though old', 3, 30, undefined, ['d']],
    ['newest 0, 5 days: only a', 0, 5, undefined, ['b', 'c', 'd']],
    ['newest 0, 0 days: all go', 0, 0, undefined, ['a', 'b', 'c', 'd']],
    ['the current session is kept however old', 1, 30, 'd', ['c']],
  ]
  test.each(cases)('%s', (_name, keepSessions, keepDays, current, dropped) => {
    const {keep, drop} = chooseSessionsToPrune(journals, NOW, limits(keepSessions, keepDays), current)
    expect([...drop].sort()).toEqual(dropped)
    expect([...keep, ...drop].sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  test('newest is by last change, not by the order given', () => {
    const shuffled = [
      {session: 'old', updated: daysAgo(100)},
      {session: 'new', updated: daysAgo(50)},
    ]
    expect(chooseSessionsToPrune(shuffled, NOW, limits(1, 30))).toEqual({keep: ['new'], drop: ['old']})
  })
})

describe('pruneIsDue', () => {
  const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 60 * 60 * 1000)
  test.each([
    ['never pruned', undefined, true],
    ['an hour ago', hoursAgo(1), false],
    ['23 hours ago', hoursAgo(23), false],
    ['24 hours ago', hoursAgo(24), true],
    ['a week ago', hoursAgo(24 * 7), true],
    ['in the future (the clock was set back)', hoursAgo(-5), true],
  ])('%s → due=%s', (_name, last, due) => {
    expect(pruneIsDue(last, NOW, DEFAULT_PRUNE_LIMITS)).toBe(due)
  })
})

describe('pruneSnapshots on a real shadow repository', () => {
  let root: string
  let workspace: string
  let state: string
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'lilly-prune-'))
    workspace = path.join(root, 'ws')
    state = path.join(root, 'state')
    await mkdir(workspace)
  })
  afterEach(async () => {
    await rm(root, {recursive: true, force: true})
  })

  const put = (file: string, text: string) => writeFile(path.join(workspace, file), text)
  const get = (file: string) => readFile(path.join(workspace, file), 'utf8')
  const git = (store: SnapshotStore, ...args: string[]) =>
    execFileSync('git', [`--git-dir=${path.join(store.dir, 'git')}`, ...args], {encoding: 'utf8', env: {PATH: process.env.PATH ?? ''}})
  const objectExists = (store: SnapshotStore, id: string) => {
    try {
      git(store, 'cat-file', '-e', id)
      return true
    } catch {
      return false
    }
  }

  /** A session that wrote `file` with text of its own (so its trees are its own), its journal dated `updated`. */
  async function session(id: string, file: string, updated: Date) {
    const store = await SnapshotStore.open(state, workspace)
    const checkpoints = new WorkspaceCheckpoints(store, await loadJournal(store.dir, id, workspace))
    await checkpoints.beforeMutation([file])
    await put(file, `written by ${id}\n`)
    const turn = await checkpoints.endTurn()
    await utimes(path.join(store.dir, 'journal', `${id}.json`), updated, updated)
    return {store, turn: turn!}
  }

  test('drops the old sessions (journal, ref, objects) and keeps undo working for the recent ones', async () => {
    await put('keep.txt', 'original\n')
    const old = await session('s-old', 'old.txt', daysAgo(60))
    const recent = await session('s-recent', 'keep.txt', daysAgo(2))
    const result = await pruneSnapshots(recent.store.dir, workspace, {now: NOW, limits: limits(1, 30), grace: 'now'})
    expect(result).toEqual({ran: true, kept: ['s-recent'], dropped: ['s-old'], collected: true})

    expect(git(recent.store, 'for-each-ref', '--format=%(refname)').trim().split('\n')).toEqual(['refs/lillycoder/sessions/s-recent'])
    expect(await readdir(path.join(recent.store.dir, 'journal'))).toEqual(['s-recent.json'])
    expect(objectExists(recent.store, old.turn.before)).toBe(false) // the tree only the old session had (its after is the recent one's before)
    expect(objectExists(recent.store, recent.turn.after)).toBe(true)

    // The recent session undoes as before, after the gc.
    const reopened = await SnapshotStore.open(state, workspace)
    const checkpoints = new WorkspaceCheckpoints(reopened, await loadJournal(reopened.dir, 's-recent', workspace))
    expect((await checkpoints.undo())?.files).toEqual(['keep.txt'])
    expect(await get('keep.txt')).toBe('original\n')

    // The pruned one still "has history" (so `lillycoder undo --session` reaches it) and says it was pruned.
    expect(await journalExists(reopened.dir, 's-old')).toBe(true)
    const pruned = new WorkspaceCheckpoints(reopened, await loadJournal(reopened.dir, 's-old', workspace))
    const refusal = await pruned.undo().catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(SnapshotError)
    expect((refusal as Error).message).toMatch(/^the undo history of session s-old was pruned \(2026-12-08\): .*newest 20 sessions.*last 30 days/)
  })

  test('a resumed pruned session records new turns and undoes them; past them it says the rest was pruned', async () => {
    await session('s-old', 'old.txt', daysAgo(60))
    const {store} = await session('s-new', 'new.txt', daysAgo(1))
    await pruneSnapshots(store.dir, workspace, {now: NOW, limits: limits(1, 30), grace: 'now'})
    const resumed = new WorkspaceCheckpoints(store, await loadJournal(store.dir, 's-old', workspace))
    await resumed.beforeMutation(['later.txt'])
    await put('later.txt', 'later\n')
    await resumed.endTurn()
    expect((await resumed.undo())?.files).toEqual(['later.txt'])
    await expect(resumed.undo()).rejects.toThrow(/s-old was pruned .* before the turns undone so far/)
  })

  test('at most once a day: a second prune the same day does nothing, the next day it runs', async () => {
    const {store} = await session('s1', 'a.txt', daysAgo(1))
    expect(await pruneSnapshots(store.dir, workspace, {now: NOW})).toEqual({ran: true, kept: ['s1'], dropped: [], collected: false})
    expect(await pruneSnapshots(store.dir, workspace, {now: new Date(NOW.getTime() + 60 * 60 * 1000)})).toEqual({ran: false, why: 'not due'})
    expect((await pruneSnapshots(store.dir, workspace, {now: daysAgo(-1.1)})).ran).toBe(true)
  })

  test('nothing dropped: no gc, and the kept sessions get their refs', async () => {
    const {store} = await session('s1', 'a.txt', daysAgo(1))
    const packsBefore = await readdir(path.join(store.dir, 'git', 'objects', 'pack'))
    await pruneSnapshots(store.dir, workspace, {now: NOW})
    expect(await readdir(path.join(store.dir, 'git', 'objects', 'pack'))).toEqual(packsBefore)
    expect(git(store, 'for-each-ref', '--format=%(refname)').trim()).toBe('refs/lillycoder/sessions/s1')
  })

  test('the session starting now is never dropped, however old its history', async () => {
    const {store} = await session('s-current', 'a.txt', daysAgo(365))
    await session('s-other', 'b.txt', daysAgo(1))
    const result = await pruneSnapshots(store.dir, workspace, {now: NOW, limits: limits(0, 30), current: 's-current', grace: 'now'})
    expect(result).toMatchObject({kept: expect.arrayContaining(['s-current', 's-other']), dropped: []})
  })

  test('a workspace that never had a checkpoint: nothing is created', async () => {
    const storeDir = SnapshotStore.dirFor(state, workspace)
    expect(await pruneSnapshots(storeDir, workspace, {now: NOW})).toEqual({ran: false, why: 'no store'})
    await expect(stat(storeDir)).rejects.toThrow(/ENOENT/)
  })

  test('a kept journal naming a tree that is gone stops the prune before any gc (nothing else is lost)', async () => {
    const {store} = await session('s-new', 'a.txt', daysAgo(1))
    await session('s-old', 'b.txt', daysAgo(90))
    const journalFile = path.join(store.dir, 'journal', 's-new.json')
    const journal = JSON.parse(await readFile(journalFile, 'utf8')) as {turns: Array<{before: string}>}
    journal.turns[0].before = 'f'.repeat(40)
    await writeFile(journalFile, JSON.stringify(journal))
    await utimes(journalFile, daysAgo(1), daysAgo(1))
    await expect(pruneSnapshots(store.dir, workspace, {now: NOW, limits: limits(1, 30), grace: 'now'})).rejects.toThrow(SnapshotError)
    expect(await readdir(path.join(store.dir, 'journal'))).toEqual(['s-new.json', 's-old.json'])
  })
})
