import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {startRipgrep} from '../../../src/runtime/search/ripgrep-process.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lillycoder-rg-process-'))
  await writeFile(path.join(dir, 'a.txt'), 'alpha\nneedle one\n')
  // Opening a FIFO that no one writes to blocks: a search that only an abort can end.
  execFileSync('mkfifo', [path.join(dir, 'never')])
})

afterAll(async () => {
  await rm(dir, {recursive: true, force: true})
})

async function readAll(stdout: AsyncIterable<string>): Promise<string> {
  let text = ''
  for await (const chunk of stdout) text += chunk
  return text
}

describe('startRipgrep', () => {
  // On PATH wherever the suite runs (.ci/run installs it).
  const rg = 'rg'

  test('a program that does not exist ends with no exit code and the reason, without throwing', async () => {
    const started = startRipgrep(path.join(dir, 'no-such-rg'), ['x'], {cwd: dir, signal: new AbortController().signal})
    expect(await readAll(started.stdout)).toBe('')
    const done = await started.done
    expect(done.exitCode).toBeUndefined()
    expect(String(done.stderr)).toContain('ENOENT')
  })

  test('the output and exit code of a search', async () => {
    const started = startRipgrep(rg, ['--no-config', '-n', 'needle', 'a.txt'], {cwd: dir, signal: new AbortController().signal})
    expect(await readAll(started.stdout)).toBe('2:needle one\n')
    expect(await started.done).toEqual({exitCode: 0, stderr: ''})
  })

  test("ripgrep's complaints are kept with its exit code", async () => {
    const started = startRipgrep(rg, ['--no-config', 'needle', 'missing.txt'], {cwd: dir, signal: new AbortController().signal})
    await readAll(started.stdout)
    const done = await started.done
    expect(done.exitCode).toBe(2)
    expect(String(done.stderr)).toContain('missing.txt')
  })

  test('an abort stops a search that would otherwise wait for ever, and it ends with no exit code', async () => {
    const controller = new AbortController()
    const started = startRipgrep(rg, ['--no-config', 'needle', 'never'], {cwd: dir, signal: controller.signal})
    controller.abort()
    await readAll(started.stdout)
    expect((await started.done).exitCode).toBeUndefined()
  })

  test('an already aborted signal stops it at once', async () => {
    const controller = new AbortController()
    controller.abort()
    const started = startRipgrep(rg, ['--no-config', 'needle', 'never'], {cwd: dir, signal: controller.signal})
    await readAll(started.stdout)
    expect((await started.done).exitCode).toBeUndefined()
  })
})
