import {afterAll, beforeAll, expect, test} from '@jest/globals'
import {execFile} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const root = fileURLToPath(new URL('../..', import.meta.url))
let copy: string

// A copy of the package with bin/ and node_modules but without a usable dist/, as in a fresh clone.
beforeAll(async () => {
  copy = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-bin-'))
  await fs.mkdir(path.join(copy, 'bin'))
  for (const file of ['run.js', 'check-node.js']) await fs.copyFile(path.join(root, 'bin', file), path.join(copy, 'bin', file))
  await fs.copyFile(path.join(root, 'package.json'), path.join(copy, 'package.json'))
  await fs.symlink(path.join(root, 'node_modules'), path.join(copy, 'node_modules'))
})

afterAll(() => fs.rm(copy, {recursive: true, force: true}))

async function runBin(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  const env = {...process.env, NODE_OPTIONS: '', LILLYCODER_DEBUG: ''}
  try {
    const {stdout, stderr} = await promisify(execFile)(process.execPath, [path.join(copy, 'bin', 'run.js'), ...args], {env})
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failed = error as {code?: number; stdout?: string; stderr?: string}
    return {code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? ''}
  }
}

test('without dist/ it says so in one line and exits 1', async () => {
  const result = await runBin('tools', 'list')
  expect(result.code).toBe(1)
  expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1)
  expect(result.stderr).toMatch(/^lillycoder: cannot load its code \(.*dist\/cli\/default-command\.js.*\) — run npm run build\n$/)
})

test('a broken dist/ is the same one line, naming what went wrong', async () => {
  await fs.mkdir(path.join(copy, 'dist', 'cli'), {recursive: true})
  await fs.writeFile(path.join(copy, 'dist', 'cli', 'default-command.js'), 'export const withDefaultCommand = (\n')
  try {
    const result = await runBin('tools', 'list')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^lillycoder: cannot load its code \(.+\) — run npm run build\n$/)
    expect(result.stderr).not.toContain('    at ')
  } finally {
    await fs.rm(path.join(copy, 'dist'), {recursive: true, force: true})
  }
})

test('--version needs no dist/', async () => {
  const result = await runBin('--version')
  expect(result.code).toBe(0)
  expect(result.stdout).toMatch(/^lillycoder\/\d+\.\d+\.\d+ /)
})
