/** A broken or hostile config file in the project: a clear one-line error, or nothing run at all. */
import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {mkdir, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {createSandbox, type Sandbox} from '../support/run-cli.js'
import {startWireServer, type WireServer} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer

beforeEach(async () => {
  sandbox = await createSandbox()
  server = await startWireServer([{flavor: 'ollama', text: 'ran'}])
})

afterEach(async () => {
  await server.close()
  await sandbox.cleanup()
})

const run = () => sandbox.run(['run', 'hi', '--api', server.url, '--model', 'qwen2.5-coder:7b'])

test.each([
  ['.lillycoderrc.yaml', 'permissions:\n  deny: "bash(git push*)"\n', /\.lillycoderrc\.yaml.*permissions\.deny/],
  ['.lillycoderrc.json', '{"permissions": {"allow": [', /\.lillycoderrc\.json/],
  ['lillycoder.config.yaml', 'permissions:\n  ask: ["bash(npm publish*"]\n', /lillycoder\.config\.yaml.*bash\(npm publish\*/],
])('an invalid %s stops run with exit 2 and one line naming the file and the problem', async (name, text, message) => {
  await writeFile(path.join(sandbox.workspace, name), text)
  const result = await run()
  expect(result.code).toBe(2)
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^lillycoder: /)
  expect(lines[0]).toMatch(message)
  expect(server.requests.filter((r) => r.path.startsWith('/v1/chat'))).toHaveLength(0)
})

test('JavaScript configs in a cloned repository are never executed', async () => {
  const marker = path.join(sandbox.home, 'pwned')
  const payload = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = {}\n`
  const esm = `import {writeFileSync} from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x'); export default {}\n`
  await mkdir(path.join(sandbox.workspace, '.config'))
  await writeFile(path.join(sandbox.workspace, 'lillycoder.config.js'), esm)
  await writeFile(path.join(sandbox.workspace, '.lillycoderrc.cjs'), payload)
  await writeFile(path.join(sandbox.workspace, '.config', 'config.js'), esm)
  await writeFile(path.join(sandbox.workspace, '.config', 'lillycoderrc.mjs'), esm)
  const result = await run()
  expect(result.code).toBe(0)
  expect(result.stdout).toBe('ran\n')
  await expect(stat(marker)).rejects.toThrow()
})
