import {mkdtemp, realpath, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {runProcess} from '../../../src/runtime/process/run-process.js'

let workspace: string

beforeEach(async () => {
  workspace = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lilly-run-output-')))
})

afterEach(async () => {
  await rm(workspace, {recursive: true, force: true})
})

const bash = (script: string, onOutput: (text: string, stream: 'stdout' | 'stderr') => void) =>
  runProcess({file: 'bash', args: ['-c', script], cwd: workspace, timeoutMs: 20_000, onOutput})

describe('runProcess onOutput', () => {
  test('hands on both streams as they come, named, and the result still holds all of it', async () => {
    const seen: Array<[string, string]> = []
    const result = await bash('echo out1; echo err1 >&2; sleep 0.2; echo out2', (text, stream) => seen.push([stream, text]))
    expect(seen.filter(([stream]) => stream === 'stdout').map(([, text]) => text).join('')).toBe('out1\nout2\n')
    expect(seen.filter(([stream]) => stream === 'stderr').map(([, text]) => text).join('')).toBe('err1\n')
    expect(result.stdout.head).toBe('out1\nout2\n')
  })

  test('output arrives while the command still runs, not only at its end', async () => {
    const texts: string[] = []
    let settled = false
    const result = bash('echo early; sleep 1; echo late', (text) => texts.push(text)).finally(() => (settled = true))
    // Waits for the first chunk (no deadline of its own: jest's bounds a failure); the run must still be going.
    while (texts.length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(texts[0]).toBe('early\n')
    expect(settled).toBe(false)
    await result
    expect(texts.join('')).toBe('early\nlate\n')
  })

  test('a character split between two writes reaches the listener whole', async () => {
    const texts: string[] = []
    // "é" is c3 a9: the two bytes are written a moment apart.
    await bash(`printf '\\xc3'; sleep 0.2; printf '\\xa9\\n'`, (text) => texts.push(text))
    expect(texts.join('')).toBe('é\n')
    expect(texts.every((text) => !text.includes('\uFFFD'))).toBe(true)
  })

  test('a listener that throws does not change the result', async () => {
    const result = await bash('echo one; sleep 0.1; echo two', () => {
      throw new Error('view broke')
    })
    expect(result).toMatchObject({exitCode: 0})
    expect(result.stdout.head).toBe('one\ntwo\n')
  })
})
