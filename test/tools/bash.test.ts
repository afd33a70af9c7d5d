import {mkdir, mkdtemp, realpath, rm, symlink} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import bash from '../../src/plugins/builtin-tools/bash.js'
import {OUTPUT_BUDGET_BYTES, splitBudget} from '../../src/runtime/process/format-process-result.js'
import {utf8Length} from '../../src/runtime/text/elide-middle.js'
import {createToolContext} from '../../src/runtime/agent/tool-context.js'
import {isAlive, killLeftovers, readPidFile, seeProcess, waitUntilGone, type SeenProcess} from '../support/process-probes.js'

let workspace: string
const started: SeenProcess[] = []
const savedEnv = {PATH: process.env.PATH, FORCE_COLOR: process.env.FORCE_COLOR}

beforeEach(async () => {
  workspace = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lilly-bash-')))
})

afterEach(async () => {
  await killLeftovers(started.splice(0))
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await rm(workspace, {recursive: true, force: true})
})

const run = (input: {command: string; timeout_ms?: number}, signal = new AbortController().signal) =>
  bash.run(bash.parameters.parse(input), createToolContext(workspace, signal))

describe('bash tool', () => {
  test('declares itself as a mutating command tool', () => {
    const args = bash.parameters.parse({command: 'npm test'})
    expect(bash.mutates).toBe(true)
    expect(bash.targets(args)).toEqual([{kind: 'command', command: 'npm test'}])
    expect(args.timeout_ms).toBe(120_000)
  })

  test.each([
    [{command: ''}],
    [{command: 'ls', timeout_ms: 600_001}],
    [{command: 'ls', timeout_ms: 0}],
    [{command: 'ls', timeout_ms: 1.5}],
  ])('rejects arguments %j', (input) => {
    expect(bash.parameters.safeParse(input).success).toBe(false)
  })

  test('previews the full multi-line command', async () => {
    const command = 'cd src &&\n  npm test -- --runInBand\necho done'
    const preview = await bash.preview?.(bash.parameters.parse({command}), createToolContext(workspace, new AbortController().signal))
    expect(preview?.detail).toBe(command)
    expect(preview?.summary).toContain('cd src &&')
  })

  test('a failing command is a result with its exit code and both streams, not an error', async () => {
    const result = await run({command: 'echo partial; echo "it broke" >&2; exit 3'})
    expect(result.text).toContain('Exit code 3.')
    expect(result.text).toContain('stdout:\npartial\n')
    expect(result.text).toContain('stderr:\nit broke')
    expect(result.data).toMatchObject({exitCode: 3, stdout: 'partial\n', stderr: 'it broke\n', timedOut: false})
  })

  test('says when there was no output', async () => {
    const result = await run({command: 'true'})
    expect(result.text).toBe('Exit code 0.\n(no output)')
  })

  test('runs in the workspace with stdin closed', async () => {
    const result = await run({command: 'pwd; cat; echo "cat: $?"'})
    expect(result.data?.stdout).toBe(`${workspace}\ncat: 0\n`)
  })

  test('sets non-interactive environment hints and drops FORCE_COLOR', async () => {
    process.env.FORCE_COLOR = '3'
    const result = await run({command: 'echo "$LILLYCODER $GIT_TERMINAL_PROMPT $PAGER $GIT_PAGER ${FORCE_COLOR-unset}"'})
    expect(result.data?.stdout).toBe('1 0 cat cat unset\n')
  })

  test('keeps the head and tail of over a megabyte of output within the budget, saying exactly what was cut', async () => {
    const lines = 200_000
    const result = await run({command: `seq 1 ${lines}`})
    const stdout = String(result.data?.stdout)
    expect(utf8Length(result.text)).toBeLessThan(OUTPUT_BUDGET_BYTES + 200)
    const match = /^([\s\S]*\n)… \[(\d+) lines \/ (\d+) bytes elided\] …\n([\s\S]*)$/u.exec(stdout)
    if (!match) throw new Error(`no elision marker in the output: ${stdout.slice(0, 200)}`)
    const [, head, elidedLines, elidedBytes, tail] = match

    // The numbers tell which lines were cut; their count and size follow from what seq prints.
    const lastShown = Number(head.trimEnd().split('\n').at(-1))
    const firstAfter = Number(tail.split('\n')[0])
    expect(head.startsWith('1\n2\n3\n')).toBe(true)
    expect(tail.endsWith(`${lines}\n`)).toBe(true)
    const cut = Array.from({length: firstAfter - lastShown - 1}, (_, i) => `${lastShown + 1 + i}\n`).join('')
    expect(Number(elidedLines)).toBe(firstAfter - lastShown - 1)
    expect(Number(elidedBytes)).toBe(utf8Length(cut))
  })

  test('a timeout says so and kills the command with everything it started', async () => {
    const pidFile = path.join(workspace, 'pid')
    const running = run({command: `sleep 300 & echo $! > ${pidFile}; wait`, timeout_ms: 1500})
    const grandchild = await readPidFile(pidFile)
    started.push(await seeProcess(grandchild))
    const result = await running
    expect(result.text).toMatch(/^Timed out after 1500 ms/u)
    expect(result.data).toMatchObject({timedOut: true})
    expect(await waitUntilGone(grandchild)).toBe(true)
  })

  test('cancelling says so and kills the command with everything it started', async () => {
    const pidFile = path.join(workspace, 'pid')
    const controller = new AbortController()
    const running = run({command: `sleep 300 & echo $! > ${pidFile}; wait`}, controller.signal)
    const grandchild = await readPidFile(pidFile)
    started.push(await seeProcess(grandchild))
    expect(isAlive(grandchild)).toBe(true)
    controller.abort()
    const result = await running
    expect(result.text).toMatch(/^Cancelled/u)
    expect(result.data).toMatchObject({aborted: true})
    expect(await waitUntilGone(grandchild)).toBe(true)
  })

  test('falls back to sh when there is no bash on PATH', async () => {
    const bin = path.join(workspace, 'bin')
    await mkdir(bin)
    await symlink('/bin/sh', path.join(bin, 'sh'))
    process.env.PATH = bin
    const result = await run({command: 'echo "${BASH_VERSION:-no bash}"'})
    expect(result.data?.stdout).toBe('no bash\n')
  })
})

describe('splitBudget', () => {
  test.each<[number, number, number, [number, number]]>([
    [100, 200, 1000, [100, 200]],
    [100, 5000, 1000, [100, 900]],
    [5000, 100, 1000, [900, 100]],
    [5000, 5000, 1000, [500, 500]],
    [0, 5000, 1000, [0, 1000]],
    [500, 501, 1000, [500, 500]],
  ])('stdout %i, stderr %i, budget %i → %j', (stdoutBytes, stderrBytes, total, expected) => {
    expect(splitBudget(stdoutBytes, stderrBytes, total)).toEqual(expected)
  })
})
