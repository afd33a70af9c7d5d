/**
 * Personas in the REPL, in a real pseudo-terminal (tmux) against the scripted wire server: /persona to show and
 * switch (the next request's system message changes, the conversation stays), add/copy/remove/diff, an unknown
 * name, and the model's own persona tools through the gate, with evolve off and on across two runs.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {chatRequestBodies} from '../support/run-output.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer, type WireTurn} from '../support/wire-server.js'

let sandbox: Sandbox
const servers: WireServer[] = []
const terms: TmuxSession[] = []

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  for (const term of terms.splice(0)) await term.kill()
  for (const server of servers.splice(0)) await server.close()
  await sandbox.cleanup()
})

type Message = {role: string; content: string}
type Body = {messages: Message[]; tools?: Array<{function: {name: string}}>}

const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const call = (name: string, args: Record<string, unknown>): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name, arguments: args}]})
const bundledText = (name: string) => readFile(path.join(CLI, '..', '..', 'personas', `${name}.md`), 'utf8')
const bodyOf = (text: string) => text.replace(/^---\n[\s\S]*?\n---\n/, '').trim()
const userPersonaDir = () => path.join(sandbox.home, '.config', 'lillycoder', 'personas')
const userConfig = () => readFile(path.join(sandbox.home, '.config', 'lillycoder', 'config.yaml'), 'utf8')

async function startChat(turns: WireTurn[], extraArgs: string[] = []): Promise<{term: TmuxSession; server: WireServer}> {
  const server = await startWireServer(turns)
  servers.push(server)
  const term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', ...extraArgs], {cwd: sandbox.workspace, env: sandbox.env})
  terms.push(term)
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return {term, server}
}

const requests = (server: WireServer) => chatRequestBodies<Body>(server)
const systemOf = (body: Body) => body.messages[0].content

describe('/persona', () => {
  test('shows the active persona; /persona <name> switches: the next request carries the new voice and the earlier conversation, and it is remembered', async () => {
    const {term, server} = await startChat([answer('FIRST-REPLY'), answer('SECOND-REPLY')])
    await term.typeLine('/persona')
    await term.waitFor(/🦊 lilly \(bundled\)/)
    await term.waitFor(/evolve is off/)
    await term.typeLine('first question')
    await term.waitFor(/FIRST-REPLY/)
    await term.typeLine('/persona adult')
    await term.waitFor(/now adult \(bundled\); the conversation is kept; remembered as the default/)
    await term.typeLine('second question')
    await term.waitFor(/SECOND-REPLY/)
    const [first, second] = requests(server)
    expect(systemOf(first).startsWith(bodyOf(await bundledText('lilly')))).toBe(true)
    expect(systemOf(second).startsWith(bodyOf(await bundledText('adult')))).toBe(true)
    // The same rules and workspace follow every voice.
    expect(systemOf(second).slice(bodyOf(await bundledText('adult')).length)).toBe(systemOf(first).slice(bodyOf(await bundledText('lilly')).length))
    expect(second.messages.slice(1).map((m) => [m.role, m.content])).toEqual([
      ['user', 'first question'],
      ['assistant', 'FIRST-REPLY'],
      ['user', 'second question'],
    ])
    expect(await userConfig()).toBe('persona: "adult"\n')
    await term.typeLine('/persona')
    await term.waitFor(/◆ adult \(bundled\)/)
  }, 60_000)

  test('an unknown name is one line listing the personas; the persona stays and the REPL goes on', async () => {
    const {term, server} = await startChat([answer('STILL-HERE')])
    await term.typeLine('/persona nobody')
    await term.waitFor(/no persona named "nobody"; the personas are: adult, analytical, lilly, plain, sweet, tsundere, yandere/)
    await term.typeLine('hi')
    await term.waitFor(/STILL-HERE/)
    expect(systemOf(requests(server)[0]).startsWith(bodyOf(await bundledText('lilly')))).toBe(true)
  }, 60_000)

  test('add (text and -f), copy, diff and remove work on the user folder only', async () => {
    await writeFile(path.join(sandbox.workspace, 'my-plain.md'), '---\nemoji: P\ndescription: my plain\n---\nBe brief. Use pnpm, never npm.\n')
    const {term, server} = await startChat([answer('REVIEWED')])
    await term.typeLine('/persona add reviewer Review every diff twice.')
    await term.waitFor(/added persona reviewer/)
    expect(await readFile(path.join(userPersonaDir(), 'reviewer.md'), 'utf8')).toContain('Review every diff twice.')
    await term.typeLine('/persona add reviewer again')
    await term.waitFor(/a user persona named "reviewer" exists already/)

    await term.typeLine('/persona add plain -f my-plain.md')
    await term.waitFor(/added persona plain/)
    await term.typeLine('/persona diff plain')
    await term.waitFor(/\+Be brief\. Use pnpm, never npm\./)
    await term.waitFor(/-Be brief and factual/)

    await term.typeLine('/persona copy lilly fox')
    await term.waitFor(/copied lilly to fox/)
    await term.typeLine('/persona diff fox')
    await term.waitFor(/fox is a user persona only: there is no bundled fox to compare it with/)
    await term.typeLine('/persona diff adult')
    await term.waitFor(/adult has no user persona file to compare/)

    await term.typeLine('/persona remove lilly')
    await term.waitFor(/"lilly" is a bundled persona; only user personas can be removed/)
    await term.typeLine('/persona remove plain')
    await term.waitFor(/removed user persona plain; the bundled plain is used again/)
    expect((await readdir(userPersonaDir())).sort()).toEqual(['fox.md', 'reviewer.md'])

    await term.typeLine('/persona reviewer')
    await term.waitFor(/now reviewer \(user\)/)
    await term.typeLine('check it')
    await term.waitFor(/REVIEWED/)
    expect(systemOf(requests(server)[0]).startsWith('Review every diff twice.')).toBe(true)
  }, 60_000)

  test.each([
    ['/persona add', 'usage: /persona add <name> <text>'],
    ['/persona add x -f missing.md', 'cannot read missing.md'],
    ['/persona add ../up text', 'is not a usable persona name'],
    ['/persona copy lilly', 'usage: /persona copy <source> <new name>'],
    ['/persona copy nobody x', 'no persona named "nobody"'],
    ['/persona remove nobody', 'no persona named "nobody"'],
    ['/persona evolve maybe', 'usage: /persona evolve on|off'],
    ['/persona adult extra', '/persona takes one name'],
  ])('bad input %j: one line saying what is wrong', async (line, message) => {
    const {term} = await startChat([])
    await term.typeLine(line)
    await term.waitFor(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    expect(await term.exited()).toBe(false)
  }, 60_000)
})

describe('the persona tools, through the gate', () => {
  test('switch_persona asks; after y the next request of the same turn speaks in the new voice', async () => {
    const {term, server} = await startChat([
      call('switch_persona', {name: 'tsundere'}),
      answer('fine. switched.'),
      {flavor: 'llamacpp', toolCalls: [{name: 'write_file', arguments: {path: 'a.txt', content: 'x\n'}}]},
      answer('written'),
    ])
    await term.typeLine('be tsundere')
    await term.waitFor(/wants to: switch_persona: switch persona: lilly → 💢 tsundere \(bundled\), remembered as the default/)
    await term.waitFor(/\[y\]es/)
    await term.typeLine('y')
    await term.waitFor(/fine\. switched\./)
    const [before, after] = requests(server)
    expect(before.tools?.map((tool) => tool.function.name)).toEqual(expect.arrayContaining(['list_personas', 'add_persona', 'switch_persona', 'update_persona']))
    expect(systemOf(after).startsWith(bodyOf(await bundledText('tsundere')))).toBe(true)
    expect(after.messages.slice(1).map((m) => m.role)).toEqual(['user', 'assistant', 'tool'])
    expect(await userConfig()).toBe('persona: "tsundere"\n')
    // The gate speaks in the new voice too.
    await term.typeLine('write a file')
    await term.waitFor(/💢 tsundere wants to: write_file: a\.txt/)
    await term.typeLine('y')
    await term.waitFor(/written/)
  }, 60_000)

  test('switch_persona declined with n: the voice stays', async () => {
    const {term, server} = await startChat([call('switch_persona', {name: 'yandere'}), answer('staying lilly')])
    await term.typeLine('switch')
    await term.waitFor(/wants to: switch_persona/)
    await term.typeLine('n')
    await term.waitFor(/staying lilly/)
    expect(systemOf(requests(server)[1]).startsWith(bodyOf(await bundledText('lilly')))).toBe(true)
  }, 60_000)

  test('add_persona shows the new file as a diff and writes only to the user folder after y', async () => {
    const {term} = await startChat([call('add_persona', {name: 'pirate', prompt: 'Talk like a pirate, code like a pro.', emoji: '🏴'}), answer('added')])
    await term.typeLine('make a pirate persona')
    await term.waitFor(/wants to: add_persona: new persona pirate in /)
    await term.waitFor(/\+Talk like a pirate, code like a pro\./)
    await term.typeLine('y')
    await term.waitFor(/added/)
    const text = await readFile(path.join(userPersonaDir(), 'pirate.md'), 'utf8')
    expect(text).toBe('---\nname: pirate\nemoji: 🏴\ndescription: \n---\nTalk like a pirate, code like a pro.\n')
  }, 60_000)

  test('update_persona with evolve off: the diff at the gate, the new text from the next request, nothing saved; the next run is as before', async () => {
    const lilly = bodyOf(await bundledText('lilly'))
    const {term, server} = await startChat([call('update_persona', {prompt: 'You are Lilly. Always answer in haiku.'}), answer('haiku mode')])
    await term.typeLine('answer in haiku from now on')
    await term.waitFor(/wants to: update_persona: rewrite persona lilly, for this session only \(evolve is off\)/)
    await term.waitFor(/\+You are Lilly\. Always answer in haiku\./)
    await term.typeLine('y')
    await term.waitFor(/haiku mode/)
    expect(systemOf(requests(server)[1]).startsWith('You are Lilly. Always answer in haiku.')).toBe(true)
    await term.typeLine('/persona')
    await term.waitFor(/lilly \(bundled, rewritten this session\)/)
    await term.typeLine('/exit')
    await term.waitForExit()
    await expect(readdir(userPersonaDir())).rejects.toThrow('ENOENT')

    const again = await startChat([answer('plain again')])
    await again.term.typeLine('hi')
    await again.term.waitFor(/plain again/)
    expect(systemOf(requests(again.server)[0]).startsWith(lilly)).toBe(true)
  }, 90_000)

  test('update_persona with evolve on: a bundled persona is saved as <name>-evolved, used next turn and in the next run', async () => {
    const {term, server} = await startChat([call('update_persona', {prompt: 'You are Lilly. Short answers, tests first.'}), answer('evolved'), answer('next turn')])
    await term.typeLine('/persona evolve on')
    await term.waitFor(/evolve is on/)
    await term.typeLine('keep it short and test first')
    await term.waitFor(/wants to: update_persona: rewrite persona lilly, saved to .*lilly-evolved\.md \(evolve is on\)/)
    await term.typeLine('y')
    // The reply on its own line: the gate above already shows "lilly-evolved.md".
    await term.waitFor(/^evolved\s*$/m)
    await term.typeLine('next')
    await term.waitFor(/next turn/)
    expect(systemOf(requests(server)[2]).startsWith('You are Lilly. Short answers, tests first.')).toBe(true)
    const saved = await readFile(path.join(userPersonaDir(), 'lilly-evolved.md'), 'utf8')
    expect(saved).toMatch(/^---\nname: lilly-evolved\nemoji: 🦊\n[\s\S]*---\nYou are Lilly\. Short answers, tests first\.\n$/)
    expect(await userConfig()).toBe('persona: "lilly-evolved"\n')
    // An evolved persona diffs against the bundled one it grew from.
    await term.typeLine('/persona diff lilly-evolved')
    // After this diff's own header: the gate's diff above holds the same lines.
    await term.waitFor(/\+\+\+ b\/lilly-evolved\.md[\s\S]*-You are Lilly, a kid who codes\.[\s\S]*\+You are Lilly\. Short answers, tests first\./)
    // The bundled file is never written.
    expect(await bundledText('lilly')).toContain('You are Lilly, a kid who codes.')
    await term.typeLine('/exit')
    await term.waitForExit()

    const again = await startChat([answer('remembered')])
    await again.term.typeLine('/persona')
    await again.term.waitFor(/lilly-evolved \(user\)/)
    await again.term.typeLine('hi')
    await again.term.waitFor(/remembered/)
    expect(systemOf(requests(again.server)[0]).startsWith('You are Lilly. Short answers, tests first.')).toBe(true)
  }, 90_000)

  test('--persona-evolve turns evolve on from the start; a user persona is rewritten in place', async () => {
    await mkdir(userPersonaDir(), {recursive: true})
    await writeFile(path.join(userPersonaDir(), 'mine.md'), '---\nname: mine\nemoji: M\ndescription: my voice\n---\nOld text.\n')
    const {term} = await startChat([call('update_persona', {prompt: 'New text.'}), answer('rewritten')], ['--persona', 'mine', '--persona-evolve'])
    await term.typeLine('rewrite yourself')
    await term.waitFor(/-Old text\./)
    await term.waitFor(/\+New text\./)
    await term.typeLine('y')
    await term.waitFor(/rewritten/)
    expect(await readFile(path.join(userPersonaDir(), 'mine.md'), 'utf8')).toBe('---\nname: mine\nemoji: M\ndescription: my voice\n---\nNew text.\n')
    expect((await readdir(userPersonaDir())).sort()).toEqual(['mine.md'])
  }, 60_000)
})

test('chat --persona with an unknown name: one line listing the personas, non-zero exit', async () => {
  const server = await startWireServer([])
  servers.push(server)
  const {code, stderr} = await sandbox.run(['chat', '--persona', 'nobody', '--api', server.url, '--model', 'qwen2.5-coder:7b'])
  expect(code).toBe(2)
  expect(stderr).toBe('lillycoder: no persona named "nobody"; the personas are: adult, analytical, lilly, plain, sweet, tsundere, yandere\n')
})
