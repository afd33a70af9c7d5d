import {afterEach, beforeEach, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type {Asker} from '../../../src/cli/session/choose-model.js'
import {loadPolicy} from '../../../src/cli/session/load-policy.js'

let home: string
let workspace: string
let env: NodeJS.ProcessEnv
let stderr: string[]
const realWrite = process.stderr.write.bind(process.stderr)

beforeEach(async () => {
  home = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-policy-')))
  workspace = path.join(home, 'project')
  await fs.mkdir(path.join(workspace, '.git'), {recursive: true})
  env = {HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state')}
  await fs.writeFile(
    path.join(workspace, '.lillycoderrc.yaml'),
    'colour: blue\npermissions:\n  deny: ["bahs(rm *)"]\n  allow: ["bash(npm test*)"]\n',
  )
  stderr = []
  process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write
})

afterEach(async () => {
  process.stderr.write = realWrite
  await fs.rm(home, {recursive: true, force: true})
})

test('every warning goes to the warn it is given, none to stderr', async () => {
  const said: string[] = []
  const policy = await loadPolicy({workspace, env, toolNames: ['bash', 'read_file'], warn: (message) => said.push(message)})
  const rc = path.join(workspace, '.lillycoderrc.yaml')
  expect(said).toEqual([
    expect.stringContaining(`${rc}: unknown key "colour" is ignored`),
    expect.stringContaining(`${rc}: rule "bahs(rm *)" names no known tool "bahs"`),
    `ignoring the allow rules of ${rc}: not trusted yet (review it, then run \`lillycoder policy trust\`)`,
  ])
  expect(stderr).toEqual([])
  expect(policy.rules.allow).toEqual([])
})

test('with someone to ask, the rules to trust are printed through the asker, and a yes trusts them', async () => {
  const printed: string[] = []
  const asker: Asker = {print: (text) => printed.push(text), ask: async () => 'y'}
  const said: string[] = []
  const policy = await loadPolicy({workspace, env, toolNames: ['bash', 'bahs'], asker, warn: (message) => said.push(message)})
  expect(printed.join('')).toContain('allow bash(npm test*)')
  expect(said.some((message) => message.startsWith('ignoring the allow rules'))).toBe(false)
  expect(policy.rules.allow.map((rule) => rule.text)).toEqual(['bash(npm test*)'])
  expect(stderr).toEqual([])
})
