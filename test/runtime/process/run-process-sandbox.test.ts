import {once} from 'node:events'
import {mkdir, mkdtemp, readdir, readFile, realpath, rm} from 'node:fs/promises'
import {createServer, type Server} from 'node:net'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {planSandbox} from '../../../src/runtime/process/sandbox-plan.js'
import {runProcess} from '../../../src/runtime/process/run-process.js'
import {findExecutable} from '../../../src/runtime/process/find-executable.js'
import {killLeftovers, seeProcess, waitUntilGone, type SeenProcess} from '../../support/process-probes.js'
import {findProcessNamed, namedSleeperCommand, pidNamespaceDepth, sleeperMarker} from '../../support/sandboxed-processes.js'

// These run bubblewrap for real: CI installs it (.ci/run), as this machine has it.
let root: string
let home: string
let workspace: string
let bwrap: string
const started: SeenProcess[] = []

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lilly-sandboxed-')))
  home = path.join(root, 'home')
  workspace = path.join(root, 'project')
  await Promise.all([mkdir(home), mkdir(workspace)])
  const found = await findExecutable('bwrap')
  if (found === undefined) throw new Error('bwrap is not on PATH: install bubblewrap (apt-get install bubblewrap) to run these tests')
  bwrap = found
})

afterEach(async () => {
  await killLeftovers(started.splice(0))
  await rm(root, {recursive: true, force: true})
})

const sandboxed = (script: string, options: {network?: boolean; timeoutMs?: number; signal?: AbortSignal} = {}) =>
  runProcess({
    file: 'bash',
    args: ['-c', script],
    cwd: workspace,
    timeoutMs: options.timeoutMs ?? 20_000,
    signal: options.signal,
    killGraceMs: 500,
    sandbox: {bwrap, plan: planSandbox({kind: 'bash', workspace, home, writable: [], protectedPaths: [], bashNetwork: options.network ?? false})},
  })

const output = (result: Awaited<ReturnType<typeof runProcess>>) => `${result.stdout.head}${result.stdout.tail}${result.stderr.head}${result.stderr.tail}`

describe('runProcess in the sandbox', () => {
  test('writes in the workspace and its subfolders work', async () => {
    const result = await sandboxed('mkdir -p a/b && echo deep > a/b/c.txt && echo top > top.txt')
    expect(result.exitCode).toBe(0)
    expect(await readFile(path.join(workspace, 'a/b/c.txt'), 'utf8')).toBe('deep\n')
    expect(await readFile(path.join(workspace, 'top.txt'), 'utf8')).toBe('top\n')
  })

  test.each([
    ['home', () => path.join(home, 'escaped.txt')],
    ['beside the workspace', () => path.join(root, 'escaped.txt')],
  ])('a write %s fails or stays inside, and nothing outside changes', async (_where, target) => {
    const before = {home: await readdir(home), root: await readdir(root)}
    const result = await sandboxed(`echo x > ${target()}`)
    if (target().startsWith(home)) expect(output(result)).toContain('Read-only file system')
    expect({home: await readdir(home), root: await readdir(root)}).toEqual(before)
  })

  describe('network', () => {
    let server: Server
    let port: number
    let connections = 0
    beforeEach(async () => {
      connections = 0
      server = createServer((socket) => {
        connections++
        socket.end()
      })
      server.listen(0, '127.0.0.1')
      await once(server, 'listening')
      port = (server.address() as {port: number}).port
    })
    afterEach(async () => {
      server.close()
      await once(server, 'close')
    })

    test.each<[network: boolean, reaches: boolean]>([
      [false, false],
      [true, true],
    ])('network %s: a connection to a server on 127.0.0.1 succeeds=%s', async (network, reaches) => {
      const result = await sandboxed(`exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected`, {network})
      expect(result.exitCode === 0).toBe(reaches)
      expect(connections > 0).toBe(reaches)
      if (!reaches) expect(output(result)).toContain('Connection refused')
    })
  })

  test.each<[how: string, trap: string]>([
    ['timeout', ''],
    ['abort', ''],
    ['timeout, TERM ignored', "trap '' TERM; "],
  ])('%s kills the sandboxed tree: no orphan', async (how, trap) => {
    const marker = sleeperMarker()
    const controller = new AbortController()
    const running = sandboxed(namedSleeperCommand(marker, trap), {timeoutMs: how.startsWith('timeout') ? 3000 : 60_000, signal: controller.signal})
    const sleeper = await seeProcess(await findProcessNamed(marker))
    started.push(sleeper)
    // It runs in a PID namespace of its own, below ours.
    expect(await pidNamespaceDepth(sleeper.pid)).toBeGreaterThan(await pidNamespaceDepth(process.pid))
    if (how === 'abort') controller.abort()
    const result = await running
    expect(how === 'abort' ? result.aborted : result.timedOut).toBe(true)
    expect(await waitUntilGone(sleeper)).toBe(true)
  })
})
