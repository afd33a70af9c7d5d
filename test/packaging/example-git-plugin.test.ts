/**
 * plugins.example/git keeps its unit tests with it (node:test, as a plugin author outside this repository would
 * run them); CI runs them here, and type-checks the plugin against the lillycoder it imports, so a change to the
 * plugin API that breaks third-party plugins fails this repository's tests first. Needs `npm run build`.
 */
import {execFile} from 'node:child_process'
import {readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

import {describe, expect, test} from '@jest/globals'

const PLUGIN = fileURLToPath(new URL('../../plugins.example/git', import.meta.url))
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
const run = promisify(execFile)

interface Outcome {
  code: number
  output: string
}

async function node(args: string[]): Promise<Outcome> {
  try {
    const {stdout, stderr} = await run(process.execPath, args, {cwd: PLUGIN, maxBuffer: 16 * 1024 * 1024})
    return {code: 0, output: stdout + stderr}
  } catch (error) {
    const failed = error as {code?: number; stdout?: string; stderr?: string}
    return {code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`}
  }
}

describe('plugins.example/git', () => {
  test('its own tests pass (node --test)', async () => {
    const files = readdirSync(path.join(PLUGIN, 'test')).filter((file) => file.endsWith('.test.js')).map((file) => path.join('test', file))
    expect(files.length).toBeGreaterThan(0)
    // The TAP reporter's closing counts: the failures, if any, are in the output this assertion prints.
    const {code, output} = await node(['--test', '--test-reporter=tap', ...files])
    const counts = /^# pass (\d+)\n# fail (\d+)$/m.exec(output)
    expect({code, fail: counts?.[2], failures: output.split('\n').filter((line) => /^\s*not ok /.test(line))}).toEqual({code: 0, fail: '0', failures: []})
    expect(Number(counts?.[1])).toBeGreaterThan(30)
  }, 180_000)

  test('it type-checks against the lillycoder API it imports (JSDoc types, checkJs)', async () => {
    const {code, output} = await node([TSC, '-p', '.'])
    expect({code, output}).toEqual({code: 0, output: ''})
  }, 180_000)
})
