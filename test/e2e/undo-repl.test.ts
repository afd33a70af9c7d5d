/**
 * /undo, /redo and /diff in the chat REPL, in a real pseudo-terminal (tmux) against the scripted server; and a
 * session continued with --continue: the last exchanges replayed, /sessions listing it.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {readdir, readFile, stat, writeFile} from 'node:fs/promises'
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

const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const call = (name: string, args: Record<string, unknown>): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name, arguments: args}]})
const file = (name: string) => path.join(sandbox.workspace, name)
const read = (name: string) => readFile(file(name), 'utf8')
const exists = (name: string) => stat(file(name)).then(() => true, () => false)

/** Waits for the reply and then the context line: the turn (with its after-turn checkpoint) is over, input is read again. */
const turnEnded = (t: TmuxSession, reply: RegExp) => t.waitFor(new RegExp(`${reply.source}[\\s\\S]*context: \\d+% of`))

/**
 * Waits until the undo journal records `turns` turns: the checkpoint after a turn is taken once the prompt is back,
 * so an outside edit made before it would count as the turn's own.
 */
async function journalHasTurns(turns: number): Promise<void> {
  const snapshots = path.join(sandbox.env.XDG_STATE_HOME!, 'lillycoder', 'snapshots')
  const deadline = Date.now() + 20_000
  for (;;) {
    const stores = await readdir(snapshots).catch(() => [] as string[])
    for (const store of stores) {
      const dir = path.join(snapshots, store, 'journal')
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const journal = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as {turns: unknown[]}
        if (journal.turns.length >= turns) return
      }
    }
    if (Date.now() >= deadline) throw new Error(`the undo journal never held ${turns} turn(s)`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Chat with every call allowed (the gate is not what these tests are about). */
async function startChat(turns: WireTurn[], extraArgs: string[] = []): Promise<TmuxSession> {
  server = await startWireServer(turns)
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions', ...extraArgs], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

describe('/undo in the REPL', () => {
  test('after an edit: /undo restores the file and lists it, /redo re-applies, /diff shows the change', async () => {
    await writeFile(file('a.txt'), 'one\n')
    const t = await startChat([call('write_file', {path: 'a.txt', content: 'two\n'}), answer('Changed a.txt.')])
    await t.typeLine('change a.txt')
    await turnEnded(t, /Changed a\.txt\./)
    expect(await read('a.txt')).toBe('two\n')

    await t.typeLine('/diff')
    await t.waitFor(/--- a\/a\.txt\s+\+\+\+ b\/a\.txt\s+@@ -1 \+1 @@\s+-one\s+\+two/)

    await t.typeLine('/undo')
    await t.waitFor(/undid turn 1, 1 file:\s+a\.txt\s+nothing more to undo/)
    expect(await read('a.txt')).toBe('one\n')
    await t.typeLine('/diff')
    await t.waitFor(/no changes by this session/)

    await t.typeLine('/redo')
    await t.waitFor(/redid turn 1, 1 file:\s+a\.txt/)
    expect(await read('a.txt')).toBe('two\n')
  })

  test('after a bash command that created a file: /undo removes it', async () => {
    const t = await startChat([call('bash', {command: 'mkdir -p out && echo made > out/made.txt'}), answer('Made it.')])
    await t.typeLine('make a file')
    await turnEnded(t, /Made it\./)
    expect(await read('out/made.txt')).toBe('made\n')
    await t.typeLine('/undo')
    await t.waitFor(/undid turn 1, 1 file:\s+out\/made\.txt/)
    expect(await exists('out')).toBe(false)
  })

  test('refused, naming the file, after someone else changed it; /undo --force then restores it', async () => {
    await writeFile(file('a.txt'), 'one\n')
    const t = await startChat([call('write_file', {path: 'a.txt', content: 'agent\n'}), answer('Done.')])
    await t.typeLine('change a.txt')
    await turnEnded(t, /Done\./)
    await journalHasTurns(1)
    await writeFile(file('a.txt'), 'edited in my editor\n')
    await t.typeLine('/undo')
    await t.waitFor(/undo refused: a\.txt changed since lillycoder's change/)
    expect(await read('a.txt')).toBe('edited in my editor\n')
    await t.typeLine('/undo --force')
    await t.waitFor(/undid turn 1, 1 file/)
    expect(await read('a.txt')).toBe('one\n')
  })

  test('with nothing changed, /undo and /redo say so', async () => {
    const t = await startChat([])
    await t.typeLine('/undo')
    await t.waitFor(/nothing to undo in this session/)
    await t.typeLine('/redo')
    await t.waitFor(/nothing to redo/)
  })
})

describe('a continued session in the REPL', () => {
  test('--continue replays the last exchange, /sessions marks it, and the model gets the earlier messages', async () => {
    server = await startWireServer([answer('The capital is Paris.'), answer('About two million.')])
    const first = await sandbox.run(['run', 'capital of France?', '--api', server.url, '--model', 'qwen2.5-coder:7b'])
    expect(first.code).toBe(0)
    term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--continue'], {cwd: sandbox.workspace, env: sandbox.env})
    const t = term
    await t.waitFor(/resumed session \S+ \(2 messages\); grants are not carried over\s+› capital of France\?\s+The capital is Paris\./)
    await t.typeLine('/sessions')
    await t.waitFor(/\* {2}1\. \S+ .*capital of France\?/)
    await t.typeLine('how many people live there?')
    await t.waitFor(/About two million\./)
    const sent = (server.requests.at(-1)?.body as {messages: Array<{role: string; content: string}>}).messages.slice(1)
    expect(sent.map((m) => m.content)).toEqual(['capital of France?', 'The capital is Paris.', 'how many people live there?'])
  })

  test('--resume alone lists this folder\'s sessions to pick one; /resume N switches to another', async () => {
    server = await startWireServer([answer('Older answer.'), answer('Newer answer.')])
    for (const task of ['older question', 'newer question']) expect((await sandbox.run(['run', task, '--api', server.url, '--model', 'qwen2.5-coder:7b'])).code).toBe(0)
    term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--resume'], {cwd: sandbox.workspace, env: sandbox.env})
    const t = term
    await t.waitFor(/1\. \S+ .*newer question[\s\S]*2\. \S+ .*older question[\s\S]*resume which\?/)
    await t.typeLine('2')
    await t.waitFor(/resumed session \S+ \(2 messages\)[^\n]*\s+› older question\s+Older answer\./)
    await t.typeLine('/resume 1')
    await t.waitFor(/resumed \S+ \(2 messages\)[^\n]*\s+› newer question\s+Newer answer\./)
  })
})
