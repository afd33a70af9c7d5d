import {mkdtemp, rm, stat, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {UserInput} from '../../../src/cli/input/user-input.js'
import {findAtReferences} from '../../../src/cli/input/at-references.js'
import {messageWithAttachments} from '../../../src/cli/input/attachment-message.js'
import {readAttachments} from '../../../src/cli/input/attachments.js'
import type {Decision, PolicyEngine} from '../../../src/policy/types.js'
import {AgentSession} from '../../../src/runtime/agent/agent-loop.js'
import {HeadlessPrompter} from '../../../src/runtime/agent/headless-prompter.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {ScriptedModel} from '../../support/fake-model.js'

const allowAll: PolicyEngine = {
  decide: async (): Promise<Decision> => ({action: 'allow', reason: {code: 'default-read-only', message: 'reads only'}}),
  grant: async () => [],
  grants: () => [],
  revoke: () => false,
}

let workspace: string

beforeEach(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lilly-input-'))
})

afterEach(async () => {
  await rm(workspace, {recursive: true, force: true})
})

function setUp(contextTokens = 8192) {
  let written = ''
  const out = {write: (chunk: string) => ((written += chunk), true)} as unknown as NodeJS.WritableStream
  const model = new ScriptedModel([{content: 'seen'}])
  const session = new AgentSession(
    {model, modelName: 'm', registry: ToolRegistry.fromContributions([]), policy: allowAll, prompter: new HeadlessPrompter(), workspace, maxSteps: 3, budget: new ContextBudget(contextTokens), emit: () => undefined},
    'SYSTEM',
  )
  const runs: string[] = []
  const input = new UserInput({workspace, out, colors: pc.createColors(false), addNote: (text) => session.addNote(text), oversize: (text) => session.oversize(text), beforeRun: async (command) => void runs.push(command)})
  return {input, session, model, runs, screen: () => written}
}

const userMessages = (model: ScriptedModel) => (model.requests[0]?.messages ?? []).filter((message) => message.role === 'user').map((message) => message.content)
const exists = (file: string) => stat(path.join(workspace, file)).then(() => true, () => false)

describe('!command', () => {
  test('runs in the workspace, shows the output, and the model reads it with the next message', async () => {
    const {input, session, model, runs, screen} = setUp()
    expect(await input.prepare('!echo hi && touch made.txt', new AbortController().signal)).toBeUndefined()
    expect(screen()).toContain('hi')
    expect(runs).toEqual(['echo hi && touch made.txt'])
    expect(await exists('made.txt')).toBe(true)
    await session.runTurn('what did it print?', new AbortController().signal)
    const [message] = userMessages(model)
    expect(message).toMatch(/^I ran `echo hi && touch made\.txt` myself:\nExit code 0\.\nstdout:\nhi\n/)
    expect(message).toMatch(/\n\nwhat did it print\?$/)
  })

  test.each(['rm -rf /', 'touch ran.txt; sudo rm -rf ~', 'bash -c "mkfs.ext4 /dev/sda1"'])('%s is refused with the reason and nothing runs', async (command) => {
    const {input, session, runs, screen} = setUp()
    expect(await input.prepare(`!${command}`, new AbortController().signal)).toBeUndefined()
    expect(screen()).toMatch(/^refused: .* is never run by lillycoder\n$/)
    expect(runs).toEqual([])
    expect(await exists('ran.txt')).toBe(false)
    expect(session.messages.map((message) => message.role)).toEqual(['system'])
  })

  test('! alone prints one line of help and runs nothing', async () => {
    const {input, session, runs, screen} = setUp()
    expect(await input.prepare('!', new AbortController().signal)).toBeUndefined()
    expect(screen()).toMatch(/^!command\s+run a shell command yourself.*\n$/)
    expect(runs).toEqual([])
    expect(session.messages).toHaveLength(1)
  })

  test('Ctrl-C stops the command and its children; what it printed still reaches the model', async () => {
    const {input, session, screen} = setUp()
    const controller = new AbortController()
    const running = input.prepare('!echo started; sleep 60 & wait', controller.signal)
    setTimeout(() => controller.abort(), 500)
    await running
    expect(screen()).toContain('Cancelled; the command and every process it started were killed.')
    expect(session.messages.at(-1)?.content).toMatch(/^I ran `echo started; sleep 60 & wait` myself:\nCancelled/)
  }, 30_000)
})

describe('@path', () => {
  test('the message sent carries the file; the screen says what was attached', async () => {
    await writeFile(path.join(workspace, 'a.txt'), 'alpha\nbeta\n')
    const {input, screen} = setUp()
    const sent = await input.prepare('look at @a.txt', new AbortController().signal)
    expect(sent).toBe('look at @a.txt\n\na.txt (2 lines):\n```txt\nalpha\nbeta\n```')
    expect(screen()).toBe('attached a.txt (2 lines, 11 B)\n')
  })

  test('a missing file: one line naming it, and nothing is sent', async () => {
    const {input, screen} = setUp()
    expect(await input.prepare('look at @src/typo.ts', new AbortController().signal)).toBeUndefined()
    expect(screen()).toBe('no file src/typo.ts in the workspace (@src/typo.ts); nothing was sent (↑ brings the message back)\n')
  })

  test('in pasted (multi-line) text a missing @name.attr is a decorator, left as it is', async () => {
    const {input} = setUp()
    const pasted = 'why does this fail?\n@pytest.mark.slow\ndef test_x(): pass'
    expect(await input.prepare(pasted, new AbortController().signal)).toBe(pasted)
  })

  test.each(['mail a@b.c', 'no @@ here', 'ends with @'])('%j is sent as typed', async (text) => {
    const {input, screen} = setUp()
    expect(await input.prepare(text, new AbortController().signal)).toBe(text)
    expect(screen()).toBe('')
  })

  test('an attachment too big for the context: one line, nothing sent, the model never asked', async () => {
    await writeFile(path.join(workspace, 'big.txt'), `${'word '.repeat(19)}\n`.repeat(600))
    const {input, model, screen} = setUp(2048)
    expect(await input.prepare('summarise @big.txt', new AbortController().signal)).toBeUndefined()
    expect(screen()).toMatch(/^attached big\.txt \(600 lines, 56\.3 KB\)\nthis message is ~\S+ tokens with its attachments, more than the model's 2k context; nothing was sent/)
    expect(model.requests).toHaveLength(0)
  })

  test('the loop itself still refuses the composed message before sending, as it refuses a long typed one', async () => {
    await writeFile(path.join(workspace, 'big.txt'), `${'word '.repeat(19)}\n`.repeat(600))
    const {session, model} = setUp(2048)
    const composed = messageWithAttachments('summarise @big.txt', await readAttachments(findAtReferences('@big.txt'), workspace))
    const outcome = await session.runTurn(composed, new AbortController().signal)
    expect(outcome.status).toBe('too_large')
    expect(model.requests).toHaveLength(0)
  })
})
