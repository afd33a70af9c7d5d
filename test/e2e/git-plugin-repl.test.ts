/**
 * The git plugin's commit at the REPL's permission gate, in a real pseudo-terminal (tmux): the gate shows
 * what the commit takes and which repository hooks will run; y commits, n does not.
 */
import {execFileSync} from 'node:child_process'
import {access, chmod, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer, type WireTurn} from '../support/wire-server.js'

const GIT_PLUGIN = fileURLToPath(new URL('../../plugins.example/git', import.meta.url))

let sandbox: Sandbox
let server: WireServer | undefined
let term: TmuxSession | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await term?.kill()
  await server?.close()
  term = undefined
  server = undefined
  await sandbox.cleanup()
})

const hookRan = () =>
  access(path.join(sandbox.workspace, '.git/hook-ran')).then(
    () => true,
    () => false,
  )
const git = (...args: string[]) => execFileSync('git', args, {cwd: sandbox.workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})

/** The plugin linked, a repository with one commit, a.txt changed, and a pre-commit hook that leaves a mark. */
async function setUp(): Promise<void> {
  const linked = await sandbox.run(['plugins', 'link', GIT_PLUGIN, '--no-install'])
  expect(linked.code).toBe(0)
  git('init', '--quiet', '--initial-branch=main')
  git('config', 'user.name', 'Test')
  git('config', 'user.email', 'test@example.com')
  await writeFile(path.join(sandbox.workspace, 'a.txt'), 'one\n')
  git('add', 'a.txt')
  git('commit', '--quiet', '-m', 'first')
  await writeFile(path.join(sandbox.workspace, 'a.txt'), 'two\n')
  const hook = path.join(sandbox.workspace, '.git/hooks/pre-commit')
  await writeFile(hook, '#!/bin/sh\necho ran > .git/hook-ran\n')
  await chmod(hook, 0o755)
}

async function startChat(turns: WireTurn[]): Promise<TmuxSession> {
  server = await startWireServer(turns)
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

const commitCall: WireTurn = {flavor: 'llamacpp', toolCalls: [{name: 'git_commit', arguments: {message: 'Change a', paths: ['a.txt']}}]}

describe('git_commit at the permission gate', () => {
  test('the gate shows what it commits and the hooks that run; y commits', async () => {
    await setUp()
    const t = await startChat([commitCall, {flavor: 'llamacpp', text: 'Committed it.'}])
    await t.typeLine('commit a.txt')
    await t.waitFor(/wants to: git_commit/)
    const screen = await t.waitFor(/\[y\]es\s+\[n\]o/)
    expect(screen).toMatch(/commits only these, staged first: a\.txt/)
    expect(screen).toMatch(/runs the repository's hooks: \.git\/hooks\/pre-commit/)
    expect(git('rev-list', '--count', 'HEAD').trim()).toBe('1')
    await t.typeLine('y')
    await t.waitFor(/Committed it\./)
    expect(git('log', '--format=%s')).toBe('Change a\nfirst\n')
    expect(git('status', '--porcelain')).toBe('')
    expect(await hookRan()).toBe(true)
  })

  test('n: no commit, nothing staged, no hook ran', async () => {
    await setUp()
    const t = await startChat([commitCall, {flavor: 'llamacpp', text: 'Left it.'}])
    await t.typeLine('commit a.txt')
    await t.waitFor(/\[y\]es\s+\[n\]o/)
    await t.typeLine('n')
    await t.waitFor(/Left it\./)
    expect(git('rev-list', '--count', 'HEAD').trim()).toBe('1')
    expect(git('status', '--porcelain')).toBe(' M a.txt\n')
    expect(await hookRan()).toBe(false)
  })
})
