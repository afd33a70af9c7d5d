/** Bash commands proven read-only run headless without asking; look-alikes and a turned-off setting are refused (no one to approve). */
import {describe, expect, test} from '@jest/globals'
import {mkdir, readdir, realpath, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'

const e2e = useE2E()

const PROVEN = 'bash runs a command proven read-only: known read-only programs, nothing written, only files inside the workspace'

/** Headless, without --bypass-permissions: a call that would ask is refused. */
async function runBash(command: string) {
  await e2e.serve([{flavor: 'vllm', toolCalls: [{name: 'bash', arguments: {command}}]}, {flavor: 'vllm', text: 'ok'}])
  const result = await e2e.sandbox.run(['run', 'look around', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--json'])
  const events = result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)
  const [toolResult] = events.filter((event) => event.type === 'tool_result')
  return {result, toolResult}
}

async function userConfig(yaml: string): Promise<void> {
  const dir = path.join(e2e.sandbox.home, '.config', 'lillycoder')
  await mkdir(dir, {recursive: true})
  await writeFile(path.join(dir, 'config.yaml'), yaml)
}

test('ls -la runs without asking, and says why', async () => {
  await writeFile(path.join(e2e.sandbox.workspace, 'hello.txt'), 'hi\n')
  const {result, toolResult} = await runBash('ls -la')
  expect(result.code).toBe(0)
  expect(toolResult).toMatchObject({name: 'bash', outcome: 'ok', decision: 'allow', reason: PROVEN})
  expect(String(toolResult?.text)).toContain('hello.txt')
})

test.each([['ls > out.txt'], ['touch x'], ['find . -delete'], ['cat /etc/hostname']])(
  '%j is refused: no one to approve it, and nothing is written',
  async (command) => {
    const {result, toolResult} = await runBash(command)
    expect(result.code).toBe(4) // run's code for "calls that needed approval were refused"
    expect(toolResult).toMatchObject({name: 'bash', outcome: 'refused', decision: 'ask', reason: expect.stringMatching(/^no one to approve it; pass --bypass-permissions or add an allow rule \(it asks because: .+\)$/)})
    expect(await readdir(e2e.sandbox.workspace)).toEqual([])
  },
)

test('with permissions.readOnlyCommands: ask in the user file, ls -la is refused too', async () => {
  await userConfig('permissions:\n  readOnlyCommands: ask\n')
  const {result, toolResult} = await runBash('ls -la')
  expect(result.code).toBe(4)
  expect(toolResult).toMatchObject({outcome: 'refused', decision: 'ask'})
})

async function explain(command: string, ...flags: string[]) {
  const result = await e2e.sandbox.run(['policy', 'explain', 'bash', '--args', JSON.stringify({command}), ...flags])
  expect(result.code).toBe(0)
  // The decision alone: the sandbox line explain adds for bash depends on the machine (test/e2e/sandbox.test.ts checks it).
  if (!flags.includes('--json')) return result.stdout.replace(/^ {2}sandbox: .*\n/mu, '')
  const {sandbox: _sandbox, ...decision} = JSON.parse(result.stdout) as Record<string, unknown>
  return decision
}

describe('policy explain', () => {
  test('a proven command: its own reason code, no rule, no file', async () => {
    expect(await explain('ls -la', '--json')).toEqual({decision: 'allow', code: 'read-only-command', reason: PROVEN, rule: null, source: null})
    expect(await explain('ls -la')).toBe(`allow (read-only-command): ${PROVEN}\n`)
  })

  test.each([
    ['ls > out.txt', '> out.txt writes to a file'],
    ['touch x', 'touch is not a program known to only read'],
    ['git diff --output=patch', 'git diff --output=patch writes a file or runs a program'],
    ['PAGER=less git log', 'PAGER=less git log sets a variable'],
    ['cat ~/.ssh/id_rsa', '~/.ssh/id_rsa names a home directory, outside the workspace'],
  ])('%j asks, and says what was not proven', async (command, why) => {
    expect(await explain(command)).toBe(`ask (default-mutating): bash can change files or run commands (not proven read-only: ${why})\n`)
  })

  test('turned off in the user file: asks, and says so', async () => {
    await userConfig('permissions:\n  readOnlyCommands: ask\n')
    expect(await explain('ls -la', '--json')).toMatchObject({
      decision: 'ask',
      code: 'default-mutating',
      reason: 'bash can change files or run commands (read-only commands ask too: permissions.readOnlyCommands is ask)',
    })
  })

  test('an ask rule in a project file still asks', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, '.lillycoderrc.yaml'), 'permissions:\n  ask: ["bash"]\n')
    expect(await explain('ls -la', '--json')).toMatchObject({decision: 'ask', code: 'rule-ask', rule: 'bash'})
  })

  test('a project file turns it off without trust', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, '.lillycoderrc.yaml'), 'permissions:\n  readOnlyCommands: ask\n')
    expect(await explain('ls -la', '--json')).toMatchObject({decision: 'ask', code: 'default-mutating'})
  })

  test('a project file turns it back on against the user file only once trusted', async () => {
    await userConfig('permissions:\n  readOnlyCommands: ask\n')
    const rc = path.join(e2e.sandbox.workspace, '.lillycoderrc.yaml')
    await writeFile(rc, 'permissions:\n  readOnlyCommands: allow\n')
    const before = await e2e.sandbox.run(['policy', 'explain', 'bash', '--args', '{"command":"ls"}', '--json'])
    expect(JSON.parse(before.stdout)).toMatchObject({decision: 'ask'})
    expect(before.stderr).toContain(`ignoring permissions.readOnlyCommands: allow in ${await realpath(rc)}`)
    expect((await e2e.sandbox.run(['policy', 'trust'])).code).toBe(0)
    expect(await explain('ls', '--json')).toMatchObject({decision: 'allow', code: 'read-only-command'})
  })
})

test('a deny rule still wins over the proof', async () => {
  await writeFile(path.join(e2e.sandbox.workspace, '.lillycoderrc.yaml'), 'permissions:\n  deny: ["bash(cat .env)"]\n')
  const {toolResult} = await runBash('cat .env')
  expect(toolResult).toMatchObject({outcome: 'refused', decision: 'deny'})
  expect(String(toolResult?.reason)).toContain('bash(cat .env)')
})

test('a bad value is a one-line config error, exit 2', async () => {
  await userConfig('permissions:\n  readOnlyCommands: yes\n')
  await e2e.serve([{flavor: 'vllm', text: 'ok'}])
  const result = await e2e.sandbox.run(['run', 'hi', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
  expect(result.code).toBe(2)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).toMatch(/permissions\.readOnlyCommands.*must be "allow"/)
})
