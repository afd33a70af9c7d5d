import {chmod, mkdir, mkdtemp, realpath, rm, stat, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {probeSandbox} from '../../../src/runtime/process/sandbox-probe.js'
import {setUpSandbox, type SandboxSettings} from '../../../src/runtime/process/sandbox-setup.js'
import {sandboxForCommand} from '../../../src/runtime/process/session-sandbox.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'

let root: string
let home: string
let workspace: string
let emptyBin: string

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lilly-sandbox-setup-')))
  home = path.join(root, 'home')
  workspace = path.join(root, 'project')
  emptyBin = path.join(root, 'empty-bin')
  await Promise.all([mkdir(home), mkdir(workspace), mkdir(emptyBin)])
})

afterEach(async () => {
  await rm(root, {recursive: true, force: true})
})

const settings = (over: Partial<SandboxSettings> = {}): SandboxSettings => ({mode: 'auto', modeSource: 'default', network: false, writable: [], ...over})
const place = (over: Partial<Parameters<typeof setUpSandbox>[1]> = {}) => ({workspace, home, protectedPaths: [], ...over})

describe('setUpSandbox', () => {
  test('off: unsandboxed, nothing probed, nothing said', async () => {
    const setup = await setUpSandbox(settings({mode: 'off', modeSource: '--sandbox off'}), place({searchPath: emptyBin}))
    expect(setup.sandbox).toEqual({state: 'unsandboxed', mode: 'off', why: 'sandbox is off (--sandbox off)'})
    expect(setup.warnings).toEqual([])
  })

  test('bwrap works here: sandboxed', async () => {
    const setup = await setUpSandbox(settings(), place())
    expect(setup.sandbox.state).toBe('sandboxed')
    expect(setup.warnings).toEqual([])
  })

  test.each<[mode: 'auto' | 'on', state: string]>([
    ['auto', 'unsandboxed'],
    ['on', 'refusing'],
  ])('no bwrap on PATH, %s → %s, saying how to install it', async (mode, state) => {
    const setup = await setUpSandbox(settings({mode}), place({searchPath: emptyBin}))
    expect(setup.sandbox.state).toBe(state)
    const said = mode === 'auto' ? setup.warnings.join('\n') : JSON.stringify(setup.sandbox)
    expect(said).toMatch(/bwrap\) is not on PATH/)
    expect(said).toMatch(/apt-get install bubblewrap/)
  })

  test.each<[mode: 'auto' | 'on', state: string]>([
    ['auto', 'unsandboxed'],
    ['on', 'refusing'],
  ])('macOS, %s → %s: no sandbox on this OS', async (mode, state) => {
    const setup = await setUpSandbox(settings({mode}), place({platform: 'darwin'}))
    expect(setup.sandbox.state).toBe(state)
    expect(JSON.stringify(setup)).toContain('no sandbox on this OS (darwin)')
  })

  test('bwrap present but failing (no user namespaces): its own reason, and the fallback', async () => {
    await writeFile(path.join(emptyBin, 'bwrap'), '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n')
    await chmod(path.join(emptyBin, 'bwrap'), 0o755)
    const setup = await setUpSandbox(settings({mode: 'on'}), place({searchPath: emptyBin}))
    expect(setup.sandbox).toMatchObject({state: 'refusing', reason: expect.stringContaining('No permissions to create new namespace')})
  })

  test('a workspace at / cannot be sandboxed', async () => {
    const setup = await setUpSandbox(settings(), place({workspace: '/'}))
    expect(setup.sandbox.state).toBe('unsandboxed')
    expect(setup.warnings.join('\n')).toContain('the whole file system')
  })

  test('writable: existing caches and configured paths under home; missing, outside, relative and home itself are said and left out', async () => {
    await mkdir(path.join(home, '.npm'))
    await mkdir(path.join(home, '.m2'))
    const setup = await setUpSandbox(settings({writable: ['~/.m2', '~/missing', root, 'relative/x', '~']}), place())
    if (setup.sandbox.state !== 'sandboxed') throw new Error(`not sandboxed: ${JSON.stringify(setup)}`)
    expect(setup.sandbox.writable).toEqual([path.join(home, '.npm'), path.join(home, '.m2')])
    expect(setup.warnings).toEqual([
      expect.stringContaining(`${path.join(home, 'missing')} does not exist`),
      expect.stringContaining(`${root} is left out: only paths inside ${home}`),
      expect.stringContaining('"relative/x" is left out'),
      expect.stringContaining(`${home} is left out`),
    ])
  })

  test("lillycoder's own dir under a writable cache is created, then mounted read-only", async () => {
    await mkdir(path.join(home, '.cache'))
    const own = path.join(home, '.cache', 'lillycoder')
    const setup = await setUpSandbox(settings(), place({protectedPaths: [own, path.join(home, '.config', 'lillycoder')]}))
    if (setup.sandbox.state !== 'sandboxed') throw new Error(`not sandboxed: ${JSON.stringify(setup)}`)
    expect((await stat(own)).isDirectory()).toBe(true)
    const mounts = setup.sandbox.planFor('bash', workspace).mounts
    expect(mounts.at(-1)).toMatchObject({kind: 'read-only', path: own})
    // Not under a writable mount: the read-only home covers it, and nothing is created.
    await expect(stat(path.join(home, '.config'))).rejects.toThrow()
  })
})

describe('probeSandbox', () => {
  test('a bwrap that hangs is an answer within the timeout, not a hang', async () => {
    await writeFile(path.join(emptyBin, 'bwrap'), '#!/bin/sh\nexec sleep 300\n')
    await chmod(path.join(emptyBin, 'bwrap'), 0o755)
    const probe = await probeSandbox({argv: ['--ro-bind', '/', '/', '--', 'true', 'hang'], searchPath: emptyBin, timeoutMs: 300})
    expect(probe).toMatchObject({available: false, reason: expect.stringContaining('did not answer within 300 ms')})
  })
})

describe('sandboxForCommand', () => {
  test('no session sandbox, or unsandboxed: the command runs as it is', () => {
    expect(sandboxForCommand('bash', workspace, undefined)).toBeUndefined()
    expect(sandboxForCommand('bash', workspace, {state: 'unsandboxed', mode: 'off', why: 'off'})).toBeUndefined()
  })

  test('refusing: a ToolError with the reason, and nothing to run', () => {
    const refusing = {state: 'refusing', mode: 'on', reason: 'bubblewrap (bwrap) is not on PATH', hint: 'install bubblewrap'} as const
    expect(() => sandboxForCommand('bash', workspace, refusing)).toThrow(ToolError)
    expect(() => sandboxForCommand('bash', workspace, refusing)).toThrow(/sandbox is on.*bwrap\) is not on PATH/)
  })
})
