/**
 * The REPL's input in a real pseudo-terminal (tmux) against the scripted wire server: a bracketed paste is one
 * message shown collapsed, lines without paste markers are separate messages however fast they come, Tab
 * completes commands, personas and workspace paths, and ↑ recalls a message from an earlier run.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {chatRequestBodies} from '../support/run-output.js'
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

const PASTE_START = '\u001B[200~'
const PASTE_END = '\u001B[201~'
const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
type Body = {messages: Array<{role: string; content: string | null}>}
/** The user message of each chat request, in order. */
const userMessages = () => chatRequestBodies<Body>(server!).map((body) => body.messages.at(-1)?.content)

async function startChat(turns: WireTurn[]): Promise<TmuxSession> {
  server = await startWireServer(turns)
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/^›/m)
  return term
}

describe('bracketed paste', () => {
  test('a multi-line paste between the markers is one request with every line, shown collapsed in the prompt line', async () => {
    const t = await startChat([answer('got the paste')])
    const lines = Array.from({length: 40}, (_, index) => `pasted line ${index + 1}`)
    await t.sendBytes(`review this: ${PASTE_START}${lines.join('\r')}\r${PASTE_END}`)
    await t.waitFor(/› review this: \[pasted 40 lines, \d+ B\]/)
    expect(await t.screen()).not.toMatch(/pasted line 1\b/)
    await t.sendBytes(' carefully')
    await t.press('Enter')
    await t.waitFor(/got the paste/)
    expect(userMessages()).toEqual([`review this: ${lines.join('\n')} carefully`])
  })

  test("the terminal's own paste (tmux paste-buffer -p) is bracketed, and Ctrl-C clears it unsent", async () => {
    const t = await startChat([answer('only the second')])
    await t.paste('one\ntwo\n')
    await t.waitFor(/› \[pasted 2 lines, 7 B\]/)
    await t.press('C-c')
    await t.typeLine('second')
    await t.waitFor(/only the second/)
    expect(userMessages()).toEqual(['second'])
  })

  test('two lines sent at once without paste markers are two messages', async () => {
    const t = await startChat([answer('reply one'), answer('reply two')])
    await t.sendBytes('first line\rsecond line\r')
    await t.waitFor(/reply two/)
    expect(userMessages()).toEqual(['first line', 'second line'])
  })
})

test('piped into chat without a terminal, each line is one message, all answered before the end of input ends it', async () => {
  server = await startWireServer([answer('answer one'), answer('answer two'), answer('answer three')])
  const {code, stdout} = await sandbox.run(['--api', server.url, '--model', 'qwen2.5-coder:7b'], {input: 'one\ntwo\nthree\n'})
  expect(userMessages()).toEqual(['one', 'two', 'three'])
  expect(stdout).toContain('answer three')
  expect(stdout).not.toContain('\u001B[?2004h')
  expect(code).toBe(0)
})

describe("the terminal's paste mode", () => {
  // A shell after lillycoder reads what a paste sends: with paste mode left on, the markers would reach it too.
  test.each([
    ['Ctrl-D', (t: TmuxSession) => t.press('C-d')],
    ['/exit', (t: TmuxSession) => t.typeLine('/exit')],
    ['Ctrl-C twice', async (t: TmuxSession) => {
      await t.press('C-c')
      await t.waitFor(/press Ctrl-C again/)
      await t.press('C-c')
    }],
  ])('is turned off after %s: a later paste into the terminal has no markers', async (_how, leave) => {
    server = await startWireServer([])
    const chat = [process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'].map((word) => `'${word}'`).join(' ')
    term = await TmuxSession.start(['sh', '-c', `${chat}; echo AFTER-LILLYCODER; exec cat -v`], {cwd: sandbox.workspace, env: sandbox.env})
    await term.waitFor(/^›/m)
    await leave(term)
    await term.waitFor(/AFTER-LILLYCODER/)
    await term.paste('pasted after\n')
    await term.waitFor(/^pasted after$/m)
    expect(await term.screen()).not.toContain('^[[200~')
  })
})

describe('Tab completion', () => {
  test('/he completes to /help', async () => {
    const t = await startChat([])
    await t.sendBytes('/he')
    await t.press('Tab')
    await t.waitFor(/› \/help\s*$/m)
    await t.press('Enter')
    await t.waitFor(/\/permissions/)
  })

  test('/persona sw completes to a persona name, and the switch runs', async () => {
    const t = await startChat([])
    await t.sendBytes('/persona sw')
    await t.press('Tab')
    await t.waitFor(/› \/persona sweet\s*$/m)
    await t.press('Enter')
    await t.waitFor(/now sweet/)
  })

  test('@sr completes to @src/ and then into it; .gitignored entries are not offered', async () => {
    await mkdir(path.join(sandbox.workspace, 'src', 'cli'), {recursive: true})
    await mkdir(path.join(sandbox.workspace, 'srv-build'), {recursive: true})
    await writeFile(path.join(sandbox.workspace, '.gitignore'), 'srv-build/\n')
    const t = await startChat([])
    await t.sendBytes('look at @sr')
    await t.press('Tab')
    await t.waitFor(/› look at @src\/\s*$/m)
    await t.press('Tab')
    await t.waitFor(/› look at @src\/cli\/\s*$/m)
  })

  test('@../ completes to nothing: the line stays as typed', async () => {
    const t = await startChat([])
    await t.sendBytes('@../')
    await t.press('Tab')
    await t.sendBytes('X')
    await t.waitFor(/› @\.\.\/X\s*$/m)
  })
})

test('↑ recalls a message sent in an earlier chat run', async () => {
  const first = await startChat([answer('first run answer')])
  await first.typeLine('remember this message')
  await first.waitFor(/first run answer/)
  await first.typeLine('/exit')
  await first.waitForExit()
  await first.kill()
  await server?.close()
  const second = await startChat([answer('second run answer')])
  await second.press('Up')
  await second.waitFor(/› \/exit\s*$/m)
  await second.press('Up')
  await second.waitFor(/› remember this message\s*$/m)
  await second.press('Enter')
  await second.waitFor(/second run answer/)
  expect(userMessages()).toEqual(['remember this message'])
})
