/**
 * Hooks around tool calls, end to end: the built CLI runs the configured commands before and after calls the
 * policy let through, against a scripted model server. Hooks are real programs written into the sandbox.
 */
import {describe, expect, test} from '@jest/globals'
import {chmod, readFile, realpath, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {writeProjectConfig, writeUserConfig} from '../support/mcp-config.js'
import {runCli} from '../support/run-cli.js'
import {chatRequestBodies, jsonLines} from '../support/run-output.js'
import type {WireTurn} from '../support/wire-server.js'

const e2e = useE2E()
const SLOW = 60_000

interface ChatBody {
  messages: Array<{role: string; content: string | null}>
}

async function runTask(turns: WireTurn[], extra: string[] = []) {
  await e2e.serve(turns)
  const result = await runCli(['run', 'go', '--json', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', ...extra], {cwd: e2e.sandbox.workspace, env: e2e.sandbox.env, timeoutMs: 50_000})
  const events = jsonLines(result.stdout)
  return {...result, bodies: chatRequestBodies<ChatBody>(e2e.server), results: events.filter((event) => event.type === 'tool_result')}
}

async function script(name: string, body: string): Promise<string> {
  const file = path.join(e2e.sandbox.home, name)
  await writeFile(file, `#!/bin/sh\n${body}\n`)
  await chmod(file, 0o755)
  return file
}

const exists = (file: string) => readFile(file).then(() => true, () => false)
const writeCall = (file = 'n.txt'): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name: 'write_file', arguments: {path: file, content: 'x'}}]})
const done: WireTurn = {flavor: 'llamacpp', text: 'Done.'}

describe('before_tool', () => {
  test('exit 2 blocks the call; its stderr goes back to the model as the reason', async () => {
    const hook = await script('block.sh', 'echo "commands that touch files need review" >&2\nexit 2')
    await writeUserConfig(e2e.sandbox, {hooks: {before_tool: [{match: 'bash', command: hook}]}})
    const {code, results, bodies} = await runTask([{flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command: 'touch made.txt'}}]}, done], ['--bypass-permissions'])
    expect(code).toBe(0)
    expect(results).toEqual([expect.objectContaining({outcome: 'refused', text: 'Refused by a before_tool hook: commands that touch files need review'})])
    expect(bodies[1].messages.at(-1)).toMatchObject({role: 'tool', content: 'Refused by a before_tool hook: commands that touch files need review'})
    expect(await exists(path.join(e2e.sandbox.workspace, 'made.txt'))).toBe(false)
  }, SLOW)

  test('the hook gets the call as JSON on stdin and in LILLYCODER_* variables', async () => {
    const seen = path.join(e2e.sandbox.home, 'seen')
    await writeUserConfig(e2e.sandbox, {hooks: {before_tool: [{match: 'write_file', command: `cat > ${seen}.json; echo "$LILLYCODER_TOOL|$LILLYCODER_TARGETS|$LILLYCODER_WORKSPACE" > ${seen}.env`}]}})
    const {results} = await runTask([writeCall(), done], ['--bypass-permissions'])
    expect(results).toEqual([expect.objectContaining({outcome: 'ok'})])
    const workspace = await realpath(e2e.sandbox.workspace)
    expect(JSON.parse(await readFile(`${seen}.json`, 'utf8'))).toEqual({tool: 'write_file', arguments: {path: 'n.txt', content: 'x'}, targets: ['n.txt'], workspace})
    expect(await readFile(`${seen}.env`, 'utf8')).toBe(`write_file|n.txt|${workspace}\n`)
  }, SLOW)

  test('another non-zero exit warns once and the call runs', async () => {
    const hook = await script('fails.sh', 'echo "lint config missing" >&2\nexit 1')
    await writeUserConfig(e2e.sandbox, {hooks: {before_tool: [{match: 'write_file', command: hook}]}})
    const {results, stderr} = await runTask([writeCall(), done], ['--bypass-permissions'])
    expect(results).toEqual([expect.objectContaining({outcome: 'ok'})])
    expect(stderr.match(/before_tool hook `.*fails\.sh` \(config\.json\) exited 1: lint config missing/g)).toHaveLength(1)
  }, SLOW)

  test('a hanging hook is stopped at its timeout with one warning, and the call goes on', async () => {
    await writeUserConfig(e2e.sandbox, {hooks: {before_tool: [{match: 'write_file', command: 'sleep 30', timeout: 1}]}})
    const {results, stderr} = await runTask([writeCall(), done], ['--bypass-permissions'])
    expect(results).toEqual([expect.objectContaining({outcome: 'ok'})])
    expect(stderr.match(/before_tool hook `sleep 30` \(config\.json\) did not finish within 1 s and was stopped/g)).toHaveLength(1)
  }, SLOW)

  test('a call the policy denies runs no hook', async () => {
    const marker = path.join(e2e.sandbox.home, 'ran')
    await writeUserConfig(e2e.sandbox, {permissions: {deny: ['write_file']}, hooks: {before_tool: [{match: '.*', command: `touch ${marker}`}], after_tool: [{match: '.*', command: `touch ${marker}`}]}})
    const {results} = await runTask([writeCall(), done], ['--bypass-permissions'])
    expect(results).toEqual([expect.objectContaining({outcome: 'refused', decision: 'deny'})])
    expect(await exists(marker)).toBe(false)
  }, SLOW)

  test('match is a regex on the whole tool name', async () => {
    const marker = path.join(e2e.sandbox.home, 'ran')
    await writeUserConfig(e2e.sandbox, {hooks: {before_tool: [{match: 'write', command: `touch ${marker}`}]}})
    await runTask([writeCall(), done], ['--bypass-permissions'])
    expect(await exists(marker)).toBe(false)
  }, SLOW)
})

describe('after_tool', () => {
  test('its output is appended to the tool result', async () => {
    await writeUserConfig(e2e.sandbox, {hooks: {after_tool: [{match: 'edit_file|write_file', command: 'echo formatted $LILLYCODER_TARGETS'}]}})
    const {results} = await runTask([writeCall(), done], ['--bypass-permissions'])
    expect(results).toHaveLength(1)
    expect(String(results[0].text)).toMatch(/\n\[after_tool echo formatted \$LILLYCODER_TARGETS\]\nformatted n\.txt$/)
  }, SLOW)
})

describe('config and trust', () => {
  test('hooks in a project file wait until it is trusted', async () => {
    const marker = path.join(e2e.sandbox.home, 'ran')
    await writeProjectConfig(e2e.sandbox, {hooks: {before_tool: [{match: 'write_file', command: `touch ${marker}`}]}})
    const waiting = await runTask([writeCall(), done], ['--bypass-permissions'])
    expect(waiting.stderr).toMatch(/1 hook from .*\.lillycoderrc\.json wait until you trust that file/)
    expect(await exists(marker)).toBe(false)
    expect((await e2e.sandbox.run(['policy', 'trust'])).code).toBe(0)
    await runTask([writeCall('m.txt'), done], ['--bypass-permissions'])
    expect(await exists(marker)).toBe(true)
  }, SLOW)

  test.each([
    [{hooks: {before_tool: [{match: '(', command: 'x'}]}}, 'hooks.before_tool[0].match', 'not a valid regular expression'],
    [{hooks: {after_tool: [{match: 'bash'}]}}, 'hooks.after_tool[0].command', 'must be the command to run'],
    [{hooks: {before_tool: {match: 'bash', command: 'x'}}}, 'hooks.before_tool', 'must be a list'],
    [{hooks: {around_tool: []}}, 'hooks', 'unknown key "around_tool"'],
  ])('a bad hook entry is a config error naming the key: %j', async (config, key, words) => {
    await writeUserConfig(e2e.sandbox, config)
    await e2e.serve([done])
    const {code, stderr} = await e2e.sandbox.run(['run', 'go', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(key)
    expect(stderr).toContain(words)
  }, SLOW)
})
