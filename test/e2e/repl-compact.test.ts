/**
 * The chat REPL in a real pseudo-terminal (tmux), against the scripted wire server: /compact after several
 * exchanges, and the nudge line in the transcript.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer, type WireTurn} from '../support/wire-server.js'
import {chatRequestBodies} from '../support/run-output.js'

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

const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})

async function startChat(turns: WireTurn[]): Promise<TmuxSession> {
  server = await startWireServer(turns)
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--context', '32768'], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

type Body = {messages: Array<{role: string; content: string | null}>}
const chatBodies = () => chatRequestBodies<Body>(server!)

describe('/compact in the REPL', () => {
  test('after six short exchanges it summarises the first five and keeps the sixth word for word', async () => {
    const words = ['one', 'two', 'three', 'four', 'five', 'six']
    const t = await startChat([...words.map((word) => answer(`answer ${word}.`)), answer('SUMMARY: the user counted to five.'), answer('answer seven.')])
    for (const word of words) {
      await t.typeLine(word)
      await t.waitFor(new RegExp(`answer ${word}\\.`))
    }
    await t.typeLine('/compact')
    await t.waitFor(/compacted: you asked; summarised 10 earlier messages/)
    await t.typeLine('seven')
    await t.waitFor(/answer seven\./)
    const bodies = chatBodies()
    expect(bodies).toHaveLength(8)
    expect(bodies[6].messages.at(-1)?.content).toContain('USER: five')
    expect(bodies[6].messages.at(-1)?.content).not.toContain('USER: six')
    const after = bodies[7].messages
    expect(after.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user'])
    expect(after[0].content).toContain('SUMMARY: the user counted to five.')
    expect(after.slice(1).map((message) => message.content)).toEqual(['six', 'answer six.', 'seven'])
  })

  test('with one exchange it says there is nothing to compact and sends nothing', async () => {
    const t = await startChat([answer('answer one.')])
    await t.typeLine('one')
    await t.waitFor(/answer one\./)
    await t.typeLine('/compact')
    await t.waitFor(/nothing to compact yet: there is no exchange before the latest one/)
    expect(chatBodies()).toHaveLength(1)
  })
})

describe('the nudge in the REPL', () => {
  test('a reply that announces work without a call shows one nudge line, and the turn goes on', async () => {
    const t = await startChat([answer("I'll create the file now…"), answer('Done. Nothing to create after all.')])
    await t.typeLine('make a file')
    await t.waitFor(/Done\. Nothing to create after all\./)
    expect(await t.count(/↻ nudged: Go ahead: make the tool call now, or say what you need from me\./g)).toBe(1)
    expect(chatBodies()).toHaveLength(2)
  })
})
