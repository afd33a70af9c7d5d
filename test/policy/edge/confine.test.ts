import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, realpath, rename, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {absoluteTarget, resolveInsideWorkspace} from '../../../src/policy/edge/confine.js'

let base: string
let workspace: string
let outside: string
let home: string

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'lillycoder-confine-')))
  workspace = path.join(base, 'workspace')
  outside = path.join(base, 'outside')
  home = path.join(base, 'home')
  await mkdir(path.join(workspace, 'src'), {recursive: true})
  await mkdir(outside)
  await mkdir(home)
  await writeFile(path.join(workspace, 'src', 'a.ts'), 'export {}\n')
  await writeFile(path.join(outside, 'secret.txt'), 'secret\n')
  await symlink(outside, path.join(workspace, 'link-out'))
  await symlink(path.join(workspace, 'src'), path.join(workspace, 'link-in'))
  await symlink('src', path.join(workspace, 'relative-in'))
  await symlink('../outside/secret.txt', path.join(workspace, 'relative-out'))
  await symlink(path.join(outside, 'not-yet.txt'), path.join(workspace, 'dangling-out'))
  await symlink('loop-b', path.join(workspace, 'loop-a'))
  await symlink('loop-a', path.join(workspace, 'loop-b'))
  await symlink(workspace, path.join(base, 'workspace-link'))
})

afterAll(async () => {
  await rm(base, {recursive: true, force: true})
})

describe('resolveInsideWorkspace on a real tree of symlinks', () => {
  test.each([
    ['src/a.ts', 'workspace/src/a.ts'],
    ['./src/../src/a.ts', 'workspace/src/a.ts'],
    ['new/dir/file.txt', 'workspace/new/dir/file.txt'],
    ['link-in/a.ts', 'workspace/src/a.ts'],
    ['relative-in/new.ts', 'workspace/src/new.ts'],
    ['.', 'workspace'],
    ['missing/../src/a.ts', 'workspace/src/a.ts'],
  ])('%s stays inside (→ %s)', async (target, expected) => {
    const result = await resolveInsideWorkspace(workspace, target, {home})
    expect(result).toEqual({inside: true, resolved: path.join(base, expected)})
  })

  test('an absolute path inside the workspace is allowed', async () => {
    const target = path.join(workspace, 'src', 'a.ts')
    expect(await resolveInsideWorkspace(workspace, target, {home})).toEqual({inside: true, resolved: target})
  })

  test.each([
    ['link-out/secret.txt', 'outside/secret.txt'],
    ['link-out/new/deeper.txt', 'outside/new/deeper.txt'],
    ['relative-out', 'outside/secret.txt'],
    ['dangling-out', 'outside/not-yet.txt'],
    // The kernel resolves the link before `..`: its parent is the link target's parent.
    ['link-out/../workspace-escape.txt', 'workspace-escape.txt'],
  ])('%s escapes through a symlink (→ %s)', async (target, expected) => {
    const result = await resolveInsideWorkspace(workspace, target, {home})
    expect(result.inside).toBe(false)
    expect(result.resolved).toBe(path.join(base, expected))
    expect(result.reason).toContain('through a symbolic link')
  })

  test.each([
    ['../outside/secret.txt', 'outside/secret.txt'],
    ['src/../../outside', 'outside'],
    ['../../../../../../../../etc/passwd', '/etc/passwd'],
  ])('%s leaves by ..', async (target, expected) => {
    const result = await resolveInsideWorkspace(workspace, target, {home})
    expect(result).toMatchObject({inside: false, resolved: path.resolve(base, expected)})
    expect(result.reason).toMatch(/outside the workspace/)
  })

  test('an absolute path outside is refused and named in the reason', async () => {
    const result = await resolveInsideWorkspace(workspace, '/etc/passwd', {home})
    expect(result.inside).toBe(false)
    expect(result.reason).toBe(`/etc/passwd resolves to /etc/passwd, outside the workspace ${workspace}`)
  })

  test('a symlink loop is refused with a clear reason, not an exception', async () => {
    const result = await resolveInsideWorkspace(workspace, 'loop-a/file.txt', {home})
    expect(result.inside).toBe(false)
    expect(result.reason).toMatch(/symbolic link loop/)
  })

  test('a NUL byte is refused before touching the disk', async () => {
    const result = await resolveInsideWorkspace(workspace, 'src/a.ts\0.png', {home})
    expect(result).toMatchObject({inside: false, reason: expect.stringContaining('NUL byte')})
  })

  test.each([
    ['~', 'home'],
    ['~/notes.txt', 'home/notes.txt'],
  ])('%s expands to the home directory, outside the workspace', async (target, expected) => {
    const result = await resolveInsideWorkspace(workspace, target, {home})
    expect(result).toMatchObject({inside: false, resolved: path.join(base, expected)})
  })

  test('~ is inside when the workspace is under home', async () => {
    const result = await resolveInsideWorkspace(workspace, '~/workspace/src/a.ts', {home: base})
    expect(result).toEqual({inside: true, resolved: path.join(workspace, 'src', 'a.ts')})
  })

  test('~user is refused rather than guessed', async () => {
    const result = await resolveInsideWorkspace(workspace, '~root/.ssh/authorized_keys', {home})
    expect(result).toMatchObject({inside: false, reason: expect.stringContaining('~user')})
  })

  test('a workspace root given through a symlink is resolved too', async () => {
    const result = await resolveInsideWorkspace(path.join(base, 'workspace-link'), 'src/a.ts', {home})
    expect(result).toEqual({inside: true, resolved: path.join(workspace, 'src', 'a.ts')})
  })

  test('a workspace whose ancestor is swapped for a symlink mid-session fails closed instead of following it', async () => {
    const parent = path.join(base, 'swap-parent')
    const root = path.join(parent, 'ws')
    await mkdir(root, {recursive: true})
    await writeFile(path.join(root, 'f.txt'), 'x\n')
    expect(await resolveInsideWorkspace(root, 'f.txt', {home})).toEqual({inside: true, resolved: path.join(root, 'f.txt')})
    // Another process moves the folder away and puts a link to a look-alike elsewhere in its place.
    const elsewhere = path.join(base, 'swap-elsewhere')
    await mkdir(path.join(elsewhere, 'ws'), {recursive: true})
    await writeFile(path.join(elsewhere, 'ws', 'f.txt'), 'y\n')
    await rename(parent, path.join(base, 'swap-parent-old'))
    await symlink(elsewhere, parent)
    const result = await resolveInsideWorkspace(root, 'f.txt', {home})
    expect(result).toMatchObject({inside: false, resolved: path.join(elsewhere, 'ws', 'f.txt')})
    expect(result.reason).toContain('through a symbolic link')
  })

  test('a file-system error other than a missing path fails closed with its message', async () => {
    const failing = {
      lstat: async () => {
        throw Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES'})
      },
      readlink: async () => '',
    }
    const result = await resolveInsideWorkspace(workspace, 'src/a.ts', {home, links: failing})
    expect(result).toMatchObject({inside: false, reason: expect.stringContaining('permission denied')})
  })
})

describe('the pure parts', () => {
  test.each([
    ['a/../b', '/w/a/../b'],
    ['/abs/x', '/abs/x'],
    ['~', '/h'],
    ['~/x', '/h/x'],
    ['x~/y', '/w/x~/y'],
  ])('absoluteTarget keeps %s unnormalised → %s', (target, expected) => {
    expect(absoluteTarget('/w', target, '/h')).toEqual({kind: 'path', path: expected})
  })
})
