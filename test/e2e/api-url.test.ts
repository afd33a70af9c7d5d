/** `--api`, LILLYCODER_API and the saved `api`: an endpoint that is not an http(s) URL is one line and exit 2, before any request. */
import {describe, expect, test} from '@jest/globals'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'

const e2e = useE2E()
const MODEL = ['--model', 'qwen2.5-coder:7b']

function expectUsageLine(result: {code: number | null; stderr: string; stdout: string}, value: string, origin: string) {
  expect(result.code).toBe(2)
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toContain(`${origin} ${JSON.stringify(value)}`)
  expect(lines[0]).toContain('http://127.0.0.1:8080/v1')
  expect(lines[0]).not.toMatch(/port 80|ECONNREFUSED|at .*\.js/)
}

describe.each([['not a url'], ['ftp://x'], ['file:///tmp/x'], [':8080']])('%j', (value) => {
  test('as --api: exit 2, one line naming it', async () => {
    expectUsageLine(await e2e.sandbox.run(['run', 'hi', '--api', value, ...MODEL]), value, '--api')
  })

  test('as LILLYCODER_API: exit 2, one line naming the variable', async () => {
    expectUsageLine(await e2e.sandbox.run(['run', 'hi', ...MODEL], {env: {LILLYCODER_API: value}}), value, 'LILLYCODER_API')
  })

  test('in chat, too', async () => {
    expectUsageLine(await e2e.sandbox.run(['chat', '--api', value, ...MODEL]), value, '--api')
  })
})

// A URL without a scheme, as people type local servers: http:// is meant.
describe.each([['--api'], ['LILLYCODER_API']])('host:port without a scheme, as %s', (origin) => {
  test.each([['127.0.0.1:PORT'], ['localhost:PORT/v1']])('%s reaches the server', async (template) => {
    await e2e.serve([{flavor: 'llamacpp', text: 'reached'}])
    const value = template.replace('PORT', String(new URL(e2e.server.url).port))
    const args = origin === '--api' ? ['run', 'hi', '--api', value, ...MODEL] : ['run', 'hi', ...MODEL]
    const result = await e2e.sandbox.run(args, origin === '--api' ? {} : {env: {LILLYCODER_API: value}})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('reached\n')
  })
})

describe('the saved api in the user config', () => {
  async function saveApi(value: string) {
    const dir = path.join(e2e.sandbox.home, '.config', 'lillycoder')
    await mkdir(dir, {recursive: true})
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({api: value}))
  }

  test.each([['not a url'], ['ftp://x'], ['http://']])('%j: exit 2, one line naming the file', async (value) => {
    await saveApi(value)
    const result = await e2e.sandbox.run(['run', 'hi', ...MODEL])
    expect(result.code).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/config\.json.*api/)
    expect(lines[0]).toContain('http://127.0.0.1:8080/v1')
  })

  test('host:port is read as --api reads it (http://host:port)', async () => {
    await e2e.serve([{flavor: 'llamacpp', text: 'from host:port'}])
    await saveApi(e2e.server.url.replace(/^http:\/\//, ''))
    const result = await e2e.sandbox.run(['run', 'hi', ...MODEL])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('from host:port\n')
  })

  test('a full URL is used', async () => {
    await e2e.serve([{flavor: 'llamacpp', text: 'from the saved api'}])
    await saveApi(e2e.server.url)
    const result = await e2e.sandbox.run(['run', 'hi', ...MODEL])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('from the saved api\n')
  })
})
