/** The hard deny through the built CLI: no flag, grant or answer gets past it, and the model is told why. */
import {expect, test} from '@jest/globals'
import {mkdir, readFile, stat, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'

const e2e = useE2E()

async function runWithBypass(toolCalls: Array<{name: string; arguments: Record<string, unknown>}>) {
  await e2e.serve([{flavor: 'vllm', toolCalls}, {flavor: 'vllm', text: 'ok'}])
  const result = await e2e.sandbox.run(['run', 'do it', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions', '--json'])
  const events = result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)
  return {result, results: events.filter((event) => event.type === 'tool_result')}
}

test.each([
  ['sudo rm -rf /tmp/x', /privilege escalation \(sudo\)/],
  ['cd / && rm -rf *', /recursive delet/],
  ['echo ok; bash -c "rm -rf ~"', /home/],
  [':(){ :|:& };:', /fork bomb/],
])('bash %j is refused even with --bypass-permissions', async (command, reason) => {
  const {result, results} = await runWithBypass([{name: 'bash', arguments: {command}}])
  expect(result.code).toBe(0)
  expect(results[0]).toMatchObject({name: 'bash', outcome: 'refused', decision: 'deny'})
  expect(String(results[0].text)).toMatch(/^Refused: refused: /)
  expect(String(results[0].reason)).toMatch(reason)
})

test('an everyday command that looks similar runs', async () => {
  await mkdir(path.join(e2e.sandbox.workspace, 'node_modules/x'), {recursive: true})
  const {results} = await runWithBypass([{name: 'bash', arguments: {command: 'rm -rf node_modules && echo gone'}}])
  expect(results[0]).toMatchObject({outcome: 'ok', decision: 'allow'})
  await expect(stat(path.join(e2e.sandbox.workspace, 'node_modules'))).rejects.toThrow()
})

test('a write through a symlink that leads outside the workspace is refused, and nothing is written there', async () => {
  const outside = path.join(e2e.sandbox.home, 'outside')
  await mkdir(outside)
  await symlink(outside, path.join(e2e.sandbox.workspace, 'escape'))
  const {results} = await runWithBypass([
    {name: 'write_file', arguments: {path: 'escape/pwned.txt', content: 'x'}},
    {name: 'write_file', arguments: {path: '../sibling.txt', content: 'x'}},
    {name: 'delete_file', arguments: {path: '~/.bashrc'}},
  ])
  expect(results.map((r) => [r.outcome, r.decision])).toEqual([
    ['refused', 'deny'],
    ['refused', 'deny'],
    ['refused', 'deny'],
  ])
  expect(String(results[0].reason)).toMatch(/outside the workspace/)
  await expect(stat(path.join(outside, 'pwned.txt'))).rejects.toThrow()
})

test('a deny rule in the project file beats --bypass-permissions and names the rule and file', async () => {
  await writeFile(path.join(e2e.sandbox.workspace, '.lillycoderrc.yaml'), 'permissions:\n  deny: ["bash(git push*)"]\n')
  const {results} = await runWithBypass([{name: 'bash', arguments: {command: 'git status && git push origin main'}}])
  expect(results[0]).toMatchObject({outcome: 'refused', decision: 'deny'})
  expect(String(results[0].reason)).toContain('bash(git push*)')
  expect(String(results[0].reason)).toContain('.lillycoderrc.yaml')
  expect(await readFile(path.join(e2e.sandbox.workspace, '.lillycoderrc.yaml'), 'utf8')).toContain('git push')
})
