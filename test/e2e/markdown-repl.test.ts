/**
 * Replies rendered as terminal markdown in a real pseudo-terminal (tmux) against the scripted wire server,
 * raw with NO_COLOR or --plain; and the status line after each reply.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer} from '../support/wire-server.js'

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

const ESC = String.fromCharCode(27)
const REPLY = ['# Plan', '', '- first **bold** step', '- second `code` step', '', '```js', 'const answer = 42', '```', '', 'Done.'].join('\n')
const STATUS = /qwen2\.5-coder:7b · context: \d+% of \S+ \(\S+ tokens\) · (\d+ tok\/s · )?session \S+/

async function chatWith(env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<TmuxSession> {
  server = await startWireServer([{flavor: 'llamacpp', text: REPLY}])
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', ...extraArgs], {
    cwd: sandbox.workspace,
    env,
  })
  await term.waitFor(/^›/m)
  await term.typeLine('make a plan')
  await term.waitFor(STATUS)
  return term
}

function colourful(): NodeJS.ProcessEnv {
  const {NO_COLOR: _unset, ...env} = sandbox.env
  return {...env, TERM: 'xterm-256color'}
}

describe('rendered replies', () => {
  test('a colour terminal shows the heading, list, bold and code block rendered, not as markdown source', async () => {
    const t = await chatWith(colourful())
    const text = await t.screen()
    const escapes = await t.screen({escapes: true})
    // The markers are gone: no `# `, `**`, backticks or fences left on screen.
    expect(text).toMatch(/^Plan$/m)
    expect(text).not.toMatch(/^# Plan/m)
    expect(text).toMatch(/• first bold step/)
    expect(text).toMatch(/• second code step/)
    expect(text).not.toMatch(/```|\*\*/)
    expect(text).toMatch(/const answer = 42/)
    // Bold on (SGR 1) right before the bold word; the code block's keyword coloured.
    expect(escapes).toContain(`${ESC}[1mbold`)
    expect(escapes).toMatch(new RegExp(`${ESC}\\[[0-9;]*mconst${ESC}`))
    expect(text).toMatch(/^Done\.$/m)
  })

  test.each([
    ['NO_COLOR', () => sandbox.env, []],
    ['--plain', colourful, ['--plain']],
  ])('%s prints the raw markdown', async (_name, env, args) => {
    const t = await chatWith(env(), args)
    const text = await t.screen()
    expect(text).toMatch(/^# Plan$/m)
    expect(text).toMatch(/^- first \*\*bold\*\* step$/m)
    expect(text).toMatch(/^```js$/m)
  })
})

describe('the status line', () => {
  test('follows each reply with model, context, and the session id that `sessions list` knows', async () => {
    const t = await chatWith(sandbox.env)
    const id = STATUS.exec(await t.screen())?.[0].split('session ')[1]
    expect(id).toBeTruthy()
    await t.typeLine('/sessions')
    await t.waitFor(new RegExp(`${id}[\\s\\S]*${id}`))
  })
})
