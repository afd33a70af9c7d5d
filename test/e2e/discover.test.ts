/** Discovery through the built CLI: real servers on 127.0.0.1, the port list pointed at them. */
import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {createSandbox, type Sandbox} from '../support/run-cli.js'
import {startWireServer, type WireServer} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer

beforeEach(async () => {
  sandbox = await createSandbox()
  server = await startWireServer([{flavor: 'ollama', text: 'found you'}], {models: {flavor: 'llamacpp', ids: ['qwen2.5-coder:7b']}})
})

afterEach(async () => {
  await server.close()
  await sandbox.cleanup()
})

const onlyThisServer = () => ({LILLYCODER_DISCOVERY_PORTS: String(server.port)})

test('discover --json lists the server, its kind and models', async () => {
  const result = await sandbox.run(['discover', '--json'], {env: onlyThisServer()})
  expect(result.code).toBe(0)
  expect(JSON.parse(result.stdout)).toEqual([{url: server.url, server: 'llama.cpp', models: ['qwen2.5-coder:7b'], context: 8192}])
})

test('nothing listening: an empty list, and run says which ports it tried and how to point it at a server', async () => {
  const empty = await sandbox.run(['discover', '--json'])
  expect(JSON.parse(empty.stdout)).toEqual([])
  const run = await sandbox.run(['run', 'hi'])
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/ports tried: 1\)/)
  expect(run.stderr).toContain('--api http://127.0.0.1:8080/v1')
})

test('headless run with no --api uses the one server found, says so, and answers', async () => {
  const result = await sandbox.run(['run', 'hello'], {env: onlyThisServer()})
  expect(result.stderr).toContain(`using llama.cpp at ${server.url} (1 model; context 8k)`)
  expect(result.code).toBe(0)
  expect(result.stdout).toBe('found you\n')
})

test('discover --save remembers the server in the user config; run then needs no --api', async () => {
  const saved = await sandbox.run(['discover', '--save'], {env: onlyThisServer()})
  expect(saved.code).toBe(0)
  const config = await readFile(path.join(sandbox.env.XDG_CONFIG_HOME!, 'lillycoder', 'config.yaml'), 'utf8')
  expect(config).toBe(`api: "${server.url}"\n`)
  // Discovery now finds nothing (port 1), so only the saved endpoint can answer.
  const result = await sandbox.run(['run', 'hello'])
  expect(result.code).toBe(0)
  expect(result.stdout).toBe('found you\n')
})

test('discover --save with a broken user config.json: exit 2, one line naming the file, the file untouched', async () => {
  const configDir = path.join(sandbox.env.XDG_CONFIG_HOME!, 'lillycoder')
  const {mkdir, writeFile} = await import('node:fs/promises')
  await mkdir(configDir, {recursive: true})
  await writeFile(path.join(configDir, 'config.json'), '{"model": ')
  const result = await sandbox.run(['discover', '--save'], {env: onlyThisServer()})
  expect(result.code).toBe(2)
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lillycoder: .*config\.json: is not valid JSON/)])
  expect(await readFile(path.join(configDir, 'config.json'), 'utf8')).toBe('{"model": ')
})
