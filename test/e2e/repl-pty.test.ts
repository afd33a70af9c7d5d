/**
 * The chat REPL in a real pseudo-terminal (tmux), against the scripted wire server: the permission
 * gate's y / n / a / p as single keys, each followed by a second call that shows whether the answer was remembered;
 * Ctrl-C, set-up questions, colours, /compact and the nudge line.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {readFile, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {PROBE_DEADLINE_MS, sleep} from '../support/process-probes.js'
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

const GATE = /wants to: write_file/g
// A colour or style escape sequence (ESC [ … m).
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`)
const write = (file: string, content = 'x\n'): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name: 'write_file', arguments: {path: file, content}}]})
const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})

async function startChat(turns: WireTurn[], env: NodeJS.ProcessEnv = sandbox.env, extraArgs: string[] = []): Promise<TmuxSession> {
  server = await startWireServer(turns)
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', ...extraArgs], {cwd: sandbox.workspace, env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

/** Starts chat with only the given arguments (no --model, maybe no --api): set-up questions come first. */
async function startBare(args: string[], env: NodeJS.ProcessEnv = sandbox.env): Promise<TmuxSession> {
  term = await TmuxSession.start([process.execPath, CLI, ...args], {cwd: sandbox.workspace, env})
  return term
}

const exists = (file: string) =>
  stat(path.join(sandbox.workspace, file)).then(
    () => true,
    () => false,
  )

/** Waits until the server has received `count` chat requests (and so has handed out that many scripted turns). */
async function waitForChatRequests(count: number): Promise<void> {
  const deadline = Date.now() + PROBE_DEADLINE_MS
  const received = () => server!.requests.filter((r) => r.path.startsWith('/v1/chat')).length
  while (received() < count) {
    if (Date.now() >= deadline) throw new Error(`the server got ${received()} chat requests in ${PROBE_DEADLINE_MS} ms, not ${count}`)
    await sleep(25)
  }
}

const toolResults = () =>
  server!.requests
    .flatMap((r) => ((r.body as {messages?: Array<{role: string; content: string}>})?.messages ?? []))
    .filter((m) => m.role === 'tool')
    .map((m) => m.content)

describe('the permission gate', () => {
  test('y runs the call without Enter; the next call asks again; a stray Enter after the key does no harm', async () => {
    const t = await startChat([write('a.txt'), write('b.txt'), answer('All written.')])
    await t.typeLine('write two files')
    await t.waitFor(/wants to: write_file: a\.txt/)
    // The answers line may reach the screen after the line above it: wait for it rather than read the screen once.
    await t.waitFor(/\[y\]es\s+\[n\]o\s+\[a\]lways for this tool\s+\[p\]ath/)
    await t.press('y', 'Enter')
    await t.waitFor(/wants to: write_file: b\.txt/)
    expect(await exists('a.txt')).toBe(true)
    // The Enter after the first key neither answered the second gate nor drew the hint.
    await sleep(300)
    expect(await exists('b.txt')).toBe(false)
    expect(await t.screen()).not.toMatch(/no Enter needed/)
    await t.press('y')
    await t.waitFor(/All written\./)
    expect(await t.count(GATE)).toBe(2)
    expect(await exists('b.txt')).toBe(true)
  })

  test('n asks for a reason, which the model is told; the file is not written', async () => {
    const t = await startChat([write('a.txt'), answer('Okay, I will not.')])
    await t.typeLine('write a file')
    await t.waitFor(GATE)
    await t.press('n')
    await t.waitFor(/> no\s+reason \(Enter to skip\):/)
    await t.typeLine('keep the folder clean')
    await t.waitFor(/Okay, I will not\./)
    expect(await exists('a.txt')).toBe(false)
    expect(toolResults()).toEqual(['The user declined this call. Their reason: keep the folder clean'])
  })

  test('n then Enter refuses without a reason', async () => {
    const t = await startChat([write('a.txt'), answer('Fine.')])
    await t.typeLine('write a file')
    await t.waitFor(GATE)
    await t.press('n')
    await t.waitFor(/reason \(Enter to skip\):/)
    await t.press('Enter')
    await t.waitFor(/Fine\./)
    expect(await exists('a.txt')).toBe(false)
    expect(toolResults()).toEqual(['The user declined this call.'])
  })

  test('a grants the tool for the session: a write to another path runs without asking; /tools and /permissions show it', async () => {
    const t = await startChat([write('a.txt'), write('b.txt'), answer('Both done.')])
    await t.typeLine('write two files')
    await t.waitFor(GATE)
    await t.press('a')
    await t.waitFor(/Both done\./)
    expect(await t.count(GATE)).toBe(1)
    expect(await exists('a.txt')).toBe(true)
    expect(await exists('b.txt')).toBe(true)
    await t.typeLine('/permissions')
    await t.waitFor(/1\. write_file: always, this session/)
    await t.typeLine('/tools')
    await t.waitFor(/write_file\s+asks · granted: always/)
    expect(await t.screen()).toMatch(/edit_file\s+asks {2}\S/)
  })

  test('/permissions revoke N drops a grant: the next call asks again', async () => {
    const t = await startChat([write('a.txt'), answer('first'), write('b.txt'), answer('second')])
    await t.typeLine('write one')
    await t.waitFor(GATE)
    await t.press('a')
    await t.waitFor(/first/)
    await t.typeLine('/permissions revoke 1')
    await t.waitFor(/revoked: write_file: always, this session/)
    await t.typeLine('write another')
    await t.waitFor(/wants to: write_file: b\.txt/)
    expect(await t.count(GATE)).toBe(2)
  })

  test('p grants that exact path: the same path runs, another path asks; /tools counts it', async () => {
    const t = await startChat([write('a.txt', 'one\n'), write('a.txt', 'two\n'), write('c.txt'), answer('Done.')])
    await t.typeLine('write files')
    await t.waitFor(GATE)
    await t.press('p')
    await t.waitFor(/wants to: write_file: c\.txt/)
    expect(await t.count(GATE)).toBe(2)
    expect(await readFile(path.join(sandbox.workspace, 'a.txt'), 'utf8')).toBe('two\n')
    await t.press('n', 'Enter')
    await t.waitFor(/Done\./)
    expect(await exists('c.txt')).toBe(false)
    await t.typeLine('/tools')
    await t.waitFor(/write_file\s+asks · granted for 1 path/)
  })

  test('a key that answers nothing gives the hint and is not echoed; the gate still waits', async () => {
    const t = await startChat([write('a.txt'), answer('ok')])
    await t.typeLine('write')
    await t.waitFor(GATE)
    await t.press('x')
    await t.waitFor(/press y, n, a or p \(no Enter needed\)/)
    expect(await t.screen()).not.toMatch(/> x/)
    expect(await exists('a.txt')).toBe(false)
    await t.press('y')
    await t.waitFor(/ok/)
    expect(await exists('a.txt')).toBe(true)
  })

  test('Ctrl-C at the gate refuses and ends the turn; the REPL stays usable', async () => {
    const t = await startChat([write('a.txt'), answer('still here')])
    await t.typeLine('write')
    await t.waitFor(GATE)
    await t.press('C-c')
    await t.waitFor(/cancelled/)
    expect(await exists('a.txt')).toBe(false)
    await t.typeLine('hello again')
    await t.waitFor(/still here/)
  })
})

describe('set-up questions', () => {
  test('several models on the server: a numbered choice', async () => {
    server = await startWireServer([answer('hello from the second')], {models: {flavor: 'ollama', ids: ['qwen2.5-coder:7b', 'llama3.1:8b']}})
    const t = await startBare(['--api', server.url])
    await t.waitFor(/1\. qwen2\.5-coder:7b[\s\S]*2\. llama3\.1:8b[\s\S]*model \[1-2, Enter = 1\]/)
    await t.typeLine('2')
    await t.waitFor(/lillycoder · llama3\.1:8b/)
    await t.typeLine('hi')
    await t.waitFor(/hello from the second/)
    const chat = server.requests.find((r) => r.path.startsWith('/v1/chat'))
    expect((chat?.body as {model: string}).model).toBe('llama3.1:8b')
  })

  test('no --api: the server discovery found is offered, and used once confirmed', async () => {
    server = await startWireServer([answer('found and used')], {models: {flavor: 'llamacpp', ids: ['qwen2.5-coder:7b']}})
    const t = await startBare([], {...sandbox.env, LILLYCODER_DISCOVERY_PORTS: String(server.port)})
    await t.waitFor(new RegExp(`found llama\\.cpp at http://127\\.0\\.0\\.1:${server.port}/v1 \\(1 model; context 8k\\) — use it\\? \\[Y/n\\]`))
    await t.typeLine('')
    await t.waitFor(/lillycoder · qwen2\.5-coder:7b/)
    await t.typeLine('hi')
    await t.waitFor(/found and used/)
  })

  test('a project file with allow rules asks to be trusted; once trusted, its rule lets a call run without the gate', async () => {
    await writeFile(path.join(sandbox.workspace, '.lillycoderrc.yaml'), 'permissions:\n  allow: ["write_file(notes/**)"]\n')
    server = await startWireServer([write('notes/a.txt'), answer('wrote a note')])
    const t = await startBare(['--api', server.url, '--model', 'qwen2.5-coder:7b'])
    await t.waitFor(/allow write_file\(notes\/\*\*\)[\s\S]*trust these allow rules from \.\/\.lillycoderrc\.yaml\? \[y\/N\]/)
    await t.typeLine('y')
    await t.waitFor(/lillycoder · qwen2\.5-coder:7b/)
    await t.typeLine('write a note')
    await t.waitFor(/wrote a note/)
    expect(await t.count(GATE)).toBe(0)
    expect(await exists('notes/a.txt')).toBe(true)
  })

  test('an untrusted project allow rule does nothing: the gate still asks', async () => {
    await writeFile(path.join(sandbox.workspace, '.lillycoderrc.yaml'), 'permissions:\n  allow: ["write_file(notes/**)"]\n')
    server = await startWireServer([write('notes/a.txt'), answer('asked first')])
    const t = await startBare(['--api', server.url, '--model', 'qwen2.5-coder:7b'])
    await t.waitFor(/trust these allow rules/)
    await t.typeLine('n')
    await t.waitFor(/lillycoder · qwen2\.5-coder:7b/)
    await t.typeLine('write a note')
    await t.waitFor(GATE)
    await t.typeLine('n')
    await t.waitFor(/asked first/)
    expect(await exists('notes/a.txt')).toBe(false)
  })
})

describe('the REPL', () => {
  test('Ctrl-C stops a reply that hangs and returns to the prompt; twice at an empty prompt exits', async () => {
    const t = await startChat([{hangAfterHeaders: true}, answer('next one works')])
    await t.typeLine('this will hang')
    // Ctrl-C before the request reaches the server cancels nothing there, and "again" would get the hanging reply.
    await waitForChatRequests(1)
    await t.press('C-c')
    await t.waitFor(/cancelled/)
    await t.typeLine('again')
    await t.waitFor(/next one works/)
    await t.press('C-c')
    await t.waitFor(/press Ctrl-C again to exit/)
    await t.press('C-c')
    await t.waitForExit()
  })

  test('/help lists the commands, /tools the tools, /exit leaves and the history is kept', async () => {
    const t = await startChat([])
    await t.typeLine('/help')
    await t.waitFor(/\/permissions/)
    await t.typeLine('/tools')
    await t.waitFor(/edit_file\s+asks/)
    await t.typeLine('/exit')
    await t.waitForExit()
    const history = await readFile(path.join(sandbox.env.XDG_STATE_HOME!, 'lillycoder', 'history'), 'utf8')
    expect(history).toBe('/help\n/tools\n/exit\n')
  })

  test('colours in a terminal, none with NO_COLOR', async () => {
    const {NO_COLOR: _unset, ...colourful} = sandbox.env
    const coloured = await startChat([], {...colourful, TERM: 'xterm-256color'})
    // The prompt is drawn last: once it shows, everything start-up draws is on the screen.
    await coloured.waitFor(/^›/m)
    expect(await coloured.screen({escapes: true})).toMatch(SGR)
    await coloured.kill()
    await server?.close()
    const plain = await startChat([])
    await plain.waitFor(/^›/m)
    expect(await plain.screen({escapes: true})).not.toMatch(SGR)
  })

  test('an unreadable history file is a warning, not a reason to refuse to start', async () => {
    const {mkdir} = await import('node:fs/promises')
    // A directory where the history file should be: reading it fails with EISDIR.
    await mkdir(path.join(sandbox.env.XDG_STATE_HOME!, 'lillycoder', 'history'), {recursive: true})
    const t = await startChat([answer('still works')])
    expect(await t.screen()).toMatch(/could not read history/)
    await t.typeLine('hi')
    await t.waitFor(/still works/)
  })

  test('Ctrl-D exits', async () => {
    const t = await startChat([])
    await t.press('C-d')
    await t.waitForExit()
  })

  test('a multi-line paste is one message, sent with Enter', async () => {
    const t = await startChat([answer('got it')])
    await t.paste('line one\nline two\nline three\n')
    await t.waitFor(/\[pasted 3 lines, 28 B\]/)
    await t.press('Enter')
    await t.waitFor(/got it/)
    const chat = server!.requests.filter((r) => r.path.startsWith('/v1/chat'))
    expect(chat).toHaveLength(1)
    const messages = (chat[0].body as {messages: Array<{role: string; content: string}>}).messages
    expect(messages.at(-1)).toEqual({role: 'user', content: 'line one\nline two\nline three'})
  })

  test('the server going down mid-session is one line; the REPL stays usable', async () => {
    const t = await startChat([{status: 503, body: {error: {message: 'loading model', type: 'unavailable_error'}}}, {status: 503, body: {error: {message: 'loading model'}}}, {status: 503, body: {error: {message: 'loading model'}}}, answer('back')])
    await t.typeLine('hi')
    await t.waitFor(/✗ .*loading model/)
    await t.typeLine('hi again')
    await t.waitFor(/back/)
  })
})

// Room for several exchanges without the automatic compaction at 85 % stepping in.
const LARGE_CONTEXT = ['--context', '32768']
type Body = {messages: Array<{role: string; content: string | null}>}
const chatBodies = () => chatRequestBodies<Body>(server!)

describe('/compact in the REPL', () => {
  test('after six short exchanges it summarises the first five and keeps the sixth word for word', async () => {
    const words = ['one', 'two', 'three', 'four', 'five', 'six']
    const t = await startChat([...words.map((word) => answer(`answer ${word}.`)), answer('SUMMARY: the user counted to five.'), answer('answer seven.')], sandbox.env, LARGE_CONTEXT)
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
    const t = await startChat([answer('answer one.')], sandbox.env, LARGE_CONTEXT)
    await t.typeLine('one')
    await t.waitFor(/answer one\./)
    await t.typeLine('/compact')
    await t.waitFor(/nothing to compact yet: there is no exchange before the latest one/)
    expect(chatBodies()).toHaveLength(1)
  })
})

describe('the nudge in the REPL', () => {
  test('a reply that announces work without a call shows one nudge line, and the turn goes on', async () => {
    const t = await startChat([answer("I'll create the file now…"), answer('Done. Nothing to create after all.')], sandbox.env, LARGE_CONTEXT)
    await t.typeLine('make a file')
    await t.waitFor(/Done\. Nothing to create after all\./)
    expect(await t.count(/↻ nudged: Go ahead: make the tool call now, or say what you need from me\./g)).toBe(1)
    expect(chatBodies()).toHaveLength(2)
  })
})
