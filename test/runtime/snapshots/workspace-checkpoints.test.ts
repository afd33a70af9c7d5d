import {execFileSync} from 'node:child_process'
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {UndoConflictError} from '../../../src/runtime/snapshots/snapshot-error.js'
import {SnapshotStore} from '../../../src/runtime/snapshots/snapshot-store.js'
import {emptyJournal, loadJournal, newestJournalSession} from '../../../src/runtime/snapshots/undo-journal.js'
import {WorkspaceCheckpoints} from '../../../src/runtime/snapshots/workspace-checkpoints.js'

let root: string
let workspace: string
let state: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lilly-snap-'))
  workspace = path.join(root, 'ws')
  state = path.join(root, 'state')
  await mkdir(workspace)
})
afterEach(async () => {
  await rm(root, {recursive: true, force: true})
})

const put = (file: string, text: string) => mkdir(path.dirname(path.join(workspace, file)), {recursive: true}).then(() => writeFile(path.join(workspace, file), text))
const get = (file: string) => readFile(path.join(workspace, file), 'utf8')
const exists = (file: string) => stat(path.join(workspace, file)).then(() => true, () => false)

async function checkpoints(session = 's1', limits?: {fileBytes: number; workspaceBytes: number}) {
  const store = await SnapshotStore.open(state, workspace, limits)
  return {store, checkpoints: new WorkspaceCheckpoints(store, await loadJournal(store.dir, session, workspace))}
}

/** One agent turn: checkpoint, then the change, then the turn's end. */
async function turn(cp: WorkspaceCheckpoints, change: () => Promise<unknown>, paths: string[] = []) {
  await cp.beforeMutation(paths)
  await change()
  return cp.endTurn()
}

describe('WorkspaceCheckpoints', () => {
  test('undo puts back an edit, a created file (and its new folder) and a deleted file; redo re-applies; repeated to the start', async () => {
    await put('a.txt', 'one\n')
    await put('gone.txt', 'still here\n')
    const {checkpoints: cp} = await checkpoints()
    await turn(cp, () => put('a.txt', 'two\n'))
    await turn(cp, async () => {
      await put('new/dir/b.txt', 'b\n')
      await rm(path.join(workspace, 'gone.txt'))
    })

    const second = await cp.undo()
    expect(second?.files.sort()).toEqual(['gone.txt', 'new/dir/b.txt'])
    expect(await exists('new')).toBe(false)
    expect(await get('gone.txt')).toBe('still here\n')
    expect(await get('a.txt')).toBe('two\n')

    const first = await cp.undo()
    expect(first).toMatchObject({files: ['a.txt'], turn: 1, remaining: 0})
    expect(await get('a.txt')).toBe('one\n')
    expect(await cp.undo()).toBeUndefined()

    await cp.redo()
    expect(await get('a.txt')).toBe('two\n')
    await cp.redo()
    expect(await get('new/dir/b.txt')).toBe('b\n')
    expect(await exists('gone.txt')).toBe(false)
    expect(await cp.redo()).toBeUndefined()
  })

  test('a turn that changed nothing is not a step of undo', async () => {
    await put('a.txt', 'one\n')
    const {checkpoints: cp} = await checkpoints()
    expect(await turn(cp, async () => undefined)).toBeUndefined()
    expect(cp.turns).toHaveLength(0)
    expect(await cp.undo()).toBeUndefined()
  })

  test('undo refuses, naming the file, when someone changed it after the agent; --force overrides', async () => {
    await put('a.txt', 'one\n')
    await put('other.txt', 'x\n')
    const {checkpoints: cp} = await checkpoints()
    await turn(cp, () => put('a.txt', 'agent\n'))
    await put('a.txt', 'human\n')
    await put('other.txt', 'unrelated change\n')
    await expect(cp.undo()).rejects.toThrow(UndoConflictError)
    await expect(cp.undo()).rejects.toThrow(/undo refused: a\.txt changed/)
    expect(await get('a.txt')).toBe('human\n')
    await cp.undo({force: true})
    expect(await get('a.txt')).toBe('one\n')
    expect(await get('other.txt')).toBe('unrelated change\n')
  })

  test("ignored files are left out; the workspace's own .git, index and branches are untouched", async () => {
    execFileSync('git', ['init', '-q', workspace])
    await put('.gitignore', 'build/\n')
    await put('src.txt', 'v1\n')
    execFileSync('git', ['-C', workspace, 'add', '.gitignore'])
    const index = await readFile(path.join(workspace, '.git/index'))
    const head = await readFile(path.join(workspace, '.git/HEAD'), 'utf8')
    const {checkpoints: cp} = await checkpoints()
    await turn(cp, async () => {
      await put('src.txt', 'v2\n')
      await put('build/out.txt', 'generated\n')
    })
    expect(cp.turns[0].files).toEqual(['src.txt'])
    await cp.undo()
    expect(await get('src.txt')).toBe('v1\n')
    expect(await get('build/out.txt')).toBe('generated\n')
    expect(await readFile(path.join(workspace, '.git/index'))).toEqual(index)
    expect(await readFile(path.join(workspace, '.git/HEAD'), 'utf8')).toBe(head)
    expect(execFileSync('git', ['-C', workspace, 'status', '--porcelain'], {encoding: 'utf8'})).toBe('A  .gitignore\n?? src.txt\n')
  })

  test('files over the size cap are left out and named', async () => {
    await put('big.bin', 'x'.repeat(2000))
    await put('small.txt', 's\n')
    const {checkpoints: cp} = await checkpoints('s1', {fileBytes: 1000, workspaceBytes: 1_000_000})
    const notice = await cp.beforeMutation([])
    expect(notice).toEqual({mode: 'whole', tooLarge: ['big.bin']})
    await put('big.bin', 'y'.repeat(2000))
    await put('small.txt', 't\n')
    expect((await cp.endTurn())?.files).toEqual(['small.txt'])
  })

  test('a workspace over the size limit keeps only the files tools name, before each call', async () => {
    await put('huge.txt', 'h'.repeat(5000))
    await put('a.txt', 'a1\n')
    await put('b.txt', 'b1\n')
    const {store, checkpoints: cp} = await checkpoints('s1', {fileBytes: 100_000, workspaceBytes: 1000})
    await cp.beforeMutation(['a.txt'])
    expect(store.mode).toBe('files')
    await put('a.txt', 'a2\n')
    await cp.beforeMutation(['b.txt', 'a.txt'])
    await put('b.txt', 'b2\n')
    await put('a.txt', 'a3\n')
    await put('c.txt', 'not named by any tool\n')
    expect((await cp.endTurn())?.files.sort()).toEqual(['a.txt', 'b.txt'])
    await cp.undo()
    expect([await get('a.txt'), await get('b.txt'), await exists('c.txt')]).toEqual(['a1\n', 'b1\n', true])
  })

  test('/diff shows what the session changed and still stands, as a unified diff', async () => {
    await put('a.txt', 'one\n')
    const {checkpoints: cp} = await checkpoints()
    expect(await cp.diff()).toBe('')
    await turn(cp, () => put('a.txt', 'two\n'))
    await turn(cp, () => put('b.txt', 'new\n'))
    const diff = await cp.diff()
    expect(diff).toMatch(/--- a\/a\.txt\n\+\+\+ b\/a\.txt\n@@ -1 \+1 @@\n-one\n\+two/)
    expect(diff).toMatch(/\+\+\+ b\/b\.txt/)
    await cp.undo()
    expect(await cp.diff()).not.toMatch(/b\.txt/)
  })

  test('the journal survives the process: a new one (the shell command) undoes the newest session', async () => {
    await put('a.txt', 'one\n')
    const {store, checkpoints: cp} = await checkpoints('older')
    await turn(cp, () => put('a.txt', 'two\n'))
    const later = new WorkspaceCheckpoints(store, await loadJournal(store.dir, 'newer', workspace))
    await turn(later, () => put('a.txt', 'three\n'))
    expect(await newestJournalSession(store.dir)).toBe('newer')
    const again = new WorkspaceCheckpoints(store, await loadJournal(store.dir, 'newer', workspace))
    await again.undo()
    expect(await get('a.txt')).toBe('two\n')
    expect((await loadJournal(store.dir, 'newer', workspace)).undone).toBe(1)
    expect(emptyJournal('x', workspace).turns).toEqual([])
  })

  test('a new change after an undo ends redo', async () => {
    await put('a.txt', 'one\n')
    const {checkpoints: cp} = await checkpoints()
    await turn(cp, () => put('a.txt', 'two\n'))
    await cp.undo()
    await turn(cp, () => put('a.txt', 'three\n'))
    expect(await cp.redo()).toBeUndefined()
    expect(cp.turns).toHaveLength(1)
  })
})
