import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, realpath, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {confirmReadOnly} from '../../../src/policy/edge/confirm-read-only.js'
import {createSystemEdge} from '../../../src/policy/edge/system-edge.js'

// The disk half of the proof, through the real edge: symlinks, glob matches and the repository's git config.

let base: string
let workspace: string
let home: string

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'lillycoder-read-only-')))
  workspace = path.join(base, 'workspace')
  home = path.join(base, 'home')
  const outside = path.join(base, 'outside')
  await mkdir(path.join(workspace, 'src'), {recursive: true})
  await mkdir(path.join(workspace, 'links'), {recursive: true})
  await mkdir(outside)
  await mkdir(home)
  await writeFile(path.join(workspace, 'src', 'a.ts'), 'export {}\n')
  await writeFile(path.join(workspace, 'notes.txt'), 'notes\n')
  await writeFile(path.join(outside, 'secret.txt'), 'secret\n')
  await symlink(path.join(outside, 'secret.txt'), path.join(workspace, 'links', 'secret-link'))
  await symlink(outside, path.join(workspace, 'out-dir'))
  await symlink(path.join(workspace, 'src', 'a.ts'), path.join(workspace, 'inner-link.ts'))
  await mkdir(path.join(workspace, 'dashes'))
  await writeFile(path.join(workspace, 'dashes', '-delete'), '')
  await writeFile(path.join(workspace, 'dashes', 'a.txt'), '')
  await mkdir(path.join(workspace, 'many'))
  await Promise.all(Array.from({length: 2001}, (_, index) => writeFile(path.join(workspace, 'many', `f${index}`), '')))
  for (const [name, config] of [
    ['repo-plain', '[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = https://example.com/x.git\n'],
    ['repo-fsmonitor', '[core]\n\tfsmonitor = ./evil.sh\n'],
    ['repo-external', '[diff]\n\texternal = ./evil.sh\n'],
    ['repo-textconv', '[diff "bin"]\n\ttextconv = ./evil.sh\n'],
    ['repo-filter', '[filter "x"]\n\tclean = ./evil.sh\n'],
    ['repo-include', '[include]\n\tpath = ../other.config\n'],
    ['repo-same-line', '[core] FSMonitor=./evil.sh\n'],
  ]) {
    await mkdir(path.join(base, name, '.git'), {recursive: true})
    await writeFile(path.join(base, name, '.git', 'config'), config)
  }
  await mkdir(path.join(base, 'repo-worktree'))
  await writeFile(path.join(base, 'repo-worktree', '.git'), 'gitdir: /elsewhere/.git/worktrees/x\n')
  await mkdir(path.join(base, 'repo-plain', 'sub'))
})

afterAll(async () => {
  await rm(base, {recursive: true, force: true})
})

async function readOnly(command: string, where = workspace) {
  return (await createSystemEdge(home).inspectCommand(command, where)).readOnly
}

describe('files named by a proven command', () => {
  test.each<[string, boolean, RegExp | undefined]>([
    ['cat notes.txt', true, undefined],
    ['cat inner-link.ts', true, undefined],
    ['cat src/*.ts', true, undefined],
    ['ls', true, undefined],
    ['cat no-such-file', true, undefined],
    ['cat links/secret-link', false, /resolves through a symbolic link to .*secret\.txt, outside the workspace/],
    ['cat links/*', false, /links\/secret-link/],
    ['ls out-dir/', false, /out-dir/],
    ['grep -r x out-dir', false, /out-dir/],
    ['wc -l < links/secret-link', false, /secret-link/],
    ['cat out-*/secret.txt', false, /out-dir\/secret\.txt/],
    ['ls many/*', false, /matches more than 2000 files/],
    ['cat dashes/*', true, undefined],
  ])('%j → proven %s', async (command, proven, why) => {
    const result = await readOnly(command)
    expect(result?.proven).toBe(proven)
    if (why && result && !result.proven) expect(result.why).toMatch(why)
  })
})

describe("the repository's own git config", () => {
  test.each<[string, string, boolean, RegExp | undefined]>([
    ['repo-plain', 'git status', true, undefined],
    ['repo-plain/sub', 'git log --oneline', true, undefined],
    ['repo-fsmonitor', 'git status', false, /core\.fsmonitor/],
    ['repo-external', 'git diff', false, /diff\.external/],
    ['repo-textconv', 'git log -p', false, /diff\.textconv/],
    ['repo-filter', 'git status', false, /filter\.clean/],
    ['repo-include', 'git show', false, /\[include\]/],
    ['repo-same-line', 'git status', false, /core\.fsmonitor/],
    ['repo-worktree', 'git status', false, /is not a directory/],
    ['repo-fsmonitor', 'ls', true, undefined],
  ])('in %s, %j → proven %s', async (dir, command, proven, why) => {
    const result = await readOnly(command, path.join(base, dir))
    expect(result?.proven).toBe(proven)
    if (why && result && !result.proven) expect(result.why).toMatch(why)
  })
})

test('a hard-denied command carries no read-only fact', async () => {
  const facts = await createSystemEdge(home).inspectCommand('sudo ls', workspace)
  expect(facts.hardDeny?.code).toBe('hard-deny')
  expect(facts.readOnly).toBeUndefined()
})

describe('program names are not looked up in the workspace', () => {
  const proven = {proven: true as const, paths: [], globs: [], usesGit: false}
  test.each<[string, (ws: string) => string, RegExp | undefined]>([
    ['absolute system directories', () => '/usr/local/bin:/usr/bin:/bin', undefined],
    ['a relative entry', () => '/usr/bin:node_modules/.bin', /PATH holds node_modules\/\.bin/],
    ['an empty entry (the current directory)', () => '/usr/bin::/bin', /an empty entry/],
    ['a directory inside the workspace', (ws) => `/usr/bin:${ws}/bin`, /PATH holds .*\/bin, so a program name could find a file of the workspace/],
    ['no PATH at all (bash would search its default, with .)', () => '', /an empty entry/],
  ])('%s', async (_name, searchPath, why) => {
    const result = await confirmReadOnly(proven, workspace, home, searchPath(workspace))
    expect(result.proven).toBe(why === undefined)
    if (why && !result.proven) expect(result.why).toMatch(why)
  })
})

test('a glob that expands to an option is not proven: `find *` next to a file named -delete', async () => {
  const result = await readOnly('find * -name x', path.join(workspace, 'dashes'))
  expect(result).toEqual({proven: false, why: '* expands to -delete, which the program would take as an option'})
  expect(await readOnly('find ./* -name x', path.join(workspace, 'dashes'))).toEqual({proven: true})
})
