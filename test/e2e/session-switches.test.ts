/**
 * Persona and model switches in a saved session, end to end: a switch appends one small line (never the whole
 * conversation again), and `run --continue` rebuilds the same conversation with the persona it last had.
 */
import {describe, expect, test} from '@jest/globals'
import {appendFile, mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {CLI} from '../support/run-cli.js'
import {chatRequestBodies} from '../support/run-output.js'

const e2e = useE2E()

interface ChatBody {
  model: string
  messages: Array<{role: string; content: string | null}>
}

const sessionsDir = () => path.join(e2e.sandbox.env.XDG_STATE_HOME!, 'lillycoder', 'sessions')
const bundledBody = async (name: string) =>
  (await readFile(path.join(CLI, '..', '..', 'personas', `${name}.md`), 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, '').trim()
const run = (...args: string[]) => e2e.sandbox.run(['run', ...args, '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--persona-tools', '--bypass-permissions'])

async function sessionLines(): Promise<Array<{type: string} & Record<string, unknown>>> {
  const [name, ...others] = await readdir(sessionsDir())
  expect(others).toEqual([])
  return (await readFile(path.join(sessionsDir(), name), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as {type: string})
}

describe('persona switches in a saved session', () => {
  test('two switches append two persona lines; --continue sends the last persona and every earlier message once', async () => {
    await e2e.serve([
      {flavor: 'llamacpp', toolCalls: [{name: 'switch_persona', arguments: {name: 'adult'}, id: 'call-1'}]},
      {flavor: 'llamacpp', toolCalls: [{name: 'switch_persona', arguments: {name: 'plain'}, id: 'call-2'}]},
      {flavor: 'llamacpp', text: 'Switched twice.'},
      {flavor: 'llamacpp', text: 'Still plain.'},
    ])
    const first = await run('switch to adult, then to plain')
    expect(first.code).toBe(0)
    const lines = await sessionLines()
    // user, the call, the switch, its result; the second call, the switch, its result; the answer.
    expect(lines.map((line) => line.type)).toEqual(['session', 'message', 'message', 'persona', 'message', 'message', 'persona', 'message', 'message'])
    expect(lines.filter((line) => line.type === 'persona')).toEqual([
      {type: 'persona', name: 'adult'},
      {type: 'persona', name: 'plain'},
    ])
    // Another session since has made lilly the default again: the resumed one still speaks as it last did.
    await mkdir(path.join(e2e.sandbox.home, '.config', 'lillycoder'), {recursive: true})
    await writeFile(path.join(e2e.sandbox.home, '.config', 'lillycoder', 'config.yaml'), 'persona: lilly\n')

    const second = await run('--continue', 'and now?')
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    const resumed = chatRequestBodies<ChatBody>(e2e.server)[3].messages
    expect(resumed[0].role).toBe('system')
    expect(resumed[0].content).toContain(await bundledBody('plain'))
    expect(resumed[0].content).not.toContain(await bundledBody('lilly'))
    expect(resumed.slice(1).map((m) => `${m.role}: ${(m.content ?? '').split(';')[0]}`)).toEqual([
      'user: switch to adult, then to plain',
      'assistant: ',
      'tool: Switched to adult',
      'assistant: ',
      'tool: Switched to plain',
      'assistant: Switched twice.',
      'user: and now?',
    ])
  })

  test('--persona on --continue wins over the session and is recorded as a switch', async () => {
    await e2e.serve([
      {flavor: 'llamacpp', toolCalls: [{name: 'switch_persona', arguments: {name: 'adult'}, id: 'call-1'}]},
      {flavor: 'llamacpp', text: 'Adult now.'},
      {flavor: 'llamacpp', text: 'Sweet now.'},
    ])
    expect((await run('be adult')).code).toBe(0)
    expect((await run('--continue', '--persona', 'sweet', 'be sweet')).code).toBe(0)
    expect(chatRequestBodies<ChatBody>(e2e.server)[2].messages[0].content).toContain(await bundledBody('sweet'))
    expect((await sessionLines()).filter((line) => line.type === 'persona').map((line) => line.name)).toEqual(['adult', 'sweet'])
  })
})

describe('the model of a resumed session', () => {
  test('--continue without --model asks for the model the session last used (its model line), not the header one', async () => {
    await e2e.serve([{flavor: 'llamacpp', text: 'Hi.'}, {flavor: 'llamacpp', text: 'Again.'}, {flavor: 'llamacpp', text: 'Chosen.'}], {models: {flavor: 'llamacpp', ids: ['qwen2.5-coder:7b', 'qwen3:32b']}})
    expect((await run('hello')).code).toBe(0)
    const [name] = await readdir(sessionsDir())
    await appendFile(path.join(sessionsDir(), name), `${JSON.stringify({type: 'model', model: 'qwen3:32b'})}\n`)
    const again = await e2e.sandbox.run(['run', '--continue', 'again', '--api', e2e.server.url])
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expect(chatRequestBodies<ChatBody>(e2e.server)[1].model).toBe('qwen3:32b')
    // A --model given now wins, and the file says the session moved to it.
    expect((await run('--continue', 'once more')).code).toBe(0)
    expect(chatRequestBodies<ChatBody>(e2e.server)[2].model).toBe('qwen2.5-coder:7b')
    expect((await sessionLines()).filter((line) => line.type === 'model').map((line) => line.model)).toEqual(['qwen3:32b', 'qwen2.5-coder:7b'])
  })
})
