import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {readFile} from 'node:fs/promises'

import {createSandbox, type Sandbox} from '../support/run-cli.js'

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await createSandbox()
})
afterEach(() => sandbox.cleanup())

test.each([['--version'], ['-v']])('%s prints name/version platform-arch node-version', async (flag) => {
  const {version} = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}
  const result = await sandbox.run([flag])
  expect(result.code).toBe(0)
  expect(result.stdout).toBe(`lillycoder/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
})

test('--help lists the commands, chat first among them as the default', async () => {
  const result = await sandbox.run(['--help'])
  expect(result.code).toBe(0)
  for (const command of ['chat', 'run', 'discover', 'tools', 'policy', 'personas']) expect(result.stdout).toContain(command)
  expect(result.stdout).toMatch(/chat\s+Chat with the agent in this folder \(the default command\)/)
})
