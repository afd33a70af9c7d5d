/**
 * What the permission gate shows and grants, in a real pseudo-terminal (tmux) against the scripted wire server:
 * `a` on a bash command grants its program and subcommand only, `[p]` only where there are paths, a new file's
 * content with its size, a command's working directory, and a refusal reason reaching the model.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer, type WireTurn} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer | undefined
let term: TmuxSession | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await term?.kill()
  await server?.close()
  term = undefined
  server = undefined
  await sandbox.cleanup()
})

const bash = (command: string): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name: 'bash', arguments: {command}}]})
const write = (file: string, content: string): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name: 'write_file', arguments: {path: file, content}}]})
const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const BASH_GATE = /wants to: bash:/g

async function startChat(turns: WireTurn[]): Promise<TmuxSession> {
  server = await startWireServer(turns)
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

/** The tool messages of the last chat request: what the model was told about each call. */
function lastToolMessages(): string[] {
  const chats = server!.requests.filter((request) => request.path.startsWith('/v1/chat'))
  const messages = (chats[chats.length - 1]?.body as {messages?: Array<{role: string; content: string}>})?.messages ?? []
  return messages.filter((message) => message.role === 'tool').map((message) => message.content)
}

describe('a on a bash command', () => {
  test('grants npm test …: npm test -- -x runs without asking, npm install asks; [p] is not offered', async () => {
    await writeFile(path.join(sandbox.workspace, 'package.json'), JSON.stringify({name: 'w', version: '1.0.0', scripts: {test: 'echo tests-ran'}}))
    const t = await startChat([bash('npm test'), bash('npm test -- -x'), bash('npm install left-pad'), answer('All checked.')])
    await t.typeLine('run the tests')
    await t.waitFor(/\[y\]es\s+\[n\]o\s+\[a\]lways for npm test …/)
    expect(await t.screen()).not.toMatch(/\[p\]ath/)
    // p answers nothing at a bash gate: it gets the hint, which offers no p.
    await t.press('p')
    await t.waitFor(/press y, n or a \(no Enter needed\)/)
    await t.press('a')
    await t.waitFor(/wants to: bash:\s+npm install left-pad/)
    expect(await t.count(BASH_GATE)).toBe(2)
    await t.press('n', 'Enter')
    await t.waitFor(/All checked\./)
    const told = lastToolMessages()
    expect(told).toHaveLength(3)
    expect(told[0]).toMatch(/tests-ran/)
    expect(told[1]).toMatch(/tests-ran/)
    expect(told[2]).toBe('The user declined this call.')
    await t.typeLine('/permissions')
    await t.waitFor(/1\. bash: npm test …, this session/)
    await t.typeLine('/tools')
    await t.waitFor(/bash\s+asks · granted: npm test …/)
  })

  test('a compound command grants exactly that line, and says so', async () => {
    // touch, not echo: a command proven read-only would not ask at all.
    const t = await startChat([bash('touch one && touch two'), bash('touch one && touch two'), bash('touch one && touch three'), answer('Done.')])
    await t.typeLine('touch things')
    await t.waitFor(/\[a\]lways for this exact command/)
    await t.press('a')
    await t.waitFor(/wants to: bash:\s+touch one && touch three/)
    expect(await t.count(BASH_GATE)).toBe(2)
    await t.press('y')
    await t.waitFor(/Done\./)
  })
})

describe('what the gate shows', () => {
  test('a bash command with the directory it runs in', async () => {
    const t = await startChat([bash('touch hi.txt'), answer('ok')])
    await t.typeLine('touch it')
    const screen = await t.waitFor(/wants to: bash:[\s\S]*\[y\]es/)
    expect(screen).toContain(`   touch hi.txt\n   in ${sandbox.workspace}\n`)
    await t.press('n', 'Enter')
    await t.waitFor(/ok/)
  })

  test('a new file: its size, line count and first lines, the rest counted', async () => {
    const content = `${Array.from({length: 24}, (_, i) => `row ${i + 1}`).join('\n')}\n`
    const t = await startChat([write('notes.txt', content), answer('written')])
    await t.typeLine('write notes')
    const screen = await t.waitFor(/more lines not shown[\s\S]*\[y\]es/)
    expect(screen).toContain(`new file, 24 lines, ${Buffer.byteLength(content)} B`)
    expect(screen).toMatch(/│ row 1\n/)
    expect(screen).toMatch(/│ row 20\n/)
    expect(screen).not.toMatch(/row 21/)
    expect(screen).toContain('… 4 more lines not shown')
    await t.press('y')
    await t.waitFor(/written/)
    expect((await stat(path.join(sandbox.workspace, 'notes.txt'))).size).toBe(Buffer.byteLength(content))
  })

  test('n and a reason: the reason is the refusal text in the next request', async () => {
    const t = await startChat([bash('npm install left-pad'), answer('Understood, pnpm then.')])
    await t.typeLine('add left-pad')
    await t.waitFor(BASH_GATE)
    await t.press('n')
    await t.waitFor(/reason \(Enter to skip\):/)
    await t.typeLine('no — use pnpm')
    await t.waitFor(/Understood, pnpm then\./)
    expect(lastToolMessages()).toEqual(['The user declined this call. Their reason: no — use pnpm'])
  })
})
