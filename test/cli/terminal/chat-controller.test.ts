import {PassThrough} from 'node:stream'

import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {ChatController} from '../../../src/cli/terminal/chat-controller.js'
import {TranscriptRenderer} from '../../../src/cli/terminal/transcript-renderer.js'
import type {Decision, PolicyEngine} from '../../../src/policy/types.js'
import {AgentSession} from '../../../src/runtime/agent/agent-loop.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import {HeadlessPrompter} from '../../../src/runtime/agent/headless-prompter.js'
import type {ModelReply} from '../../../src/runtime/model/model-client.js'
import {ModelError} from '../../../src/runtime/model/model-error.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {ScriptedModel} from '../../support/fake-model.js'

const allowAll: PolicyEngine = {
  decide: async (): Promise<Decision> => ({action: 'allow', reason: {code: 'default-read-only', message: 'reads only'}}),
  grant: async () => [],
  grants: () => [],
  revoke: () => false,
}

function setup(replies: ConstructorParameters<typeof ScriptedModel>[0]) {
  const stream = new PassThrough()
  let written = ''
  stream.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8')
  })
  const out = stream as unknown as NodeJS.WriteStream
  const colors = pc.createColors(false)
  const registry = ToolRegistry.fromContributions([])
  const budget = new ContextBudget(8192)
  const renderer = new TranscriptRenderer({out, colors, showThoughts: false})
  const session = new AgentSession(
    {model: new ScriptedModel(replies), modelName: 'm', registry, policy: allowAll, prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 5, budget, emit: (event) => renderer.handle(event)},
    'SYSTEM',
  )
  const controller = new ChatController({session, renderer, registry, policy: allowAll, budget, out, colors})
  const output = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    return written
  }
  return {controller, budget, session, output}
}

const signal = () => new AbortController().signal
// A first turn too big to keep whole next to the latest (more than 40 % of an 8k context), so /compact summarises it.
const older = 'word '.repeat(2500)

describe('/max-tokens', () => {
  test('a bad value is refused naming /max-tokens, and the setting stays', async () => {
    const {controller, budget, output} = setup([])
    await controller.handle('/max-tokens lots', signal())
    expect(await output()).toBe('/max-tokens must be "auto" or a number of tokens (16 or more), not "lots"\n')
    expect(budget.maxTokens).toBe('auto')
  })

  test('a number is taken', async () => {
    const {controller, budget} = setup([])
    await controller.handle('/max-tokens 512', signal())
    expect(budget.maxTokens).toBe(512)
  })
})

describe('/compact', () => {
  test('Ctrl-C while it summarises: says so, and the REPL gets its prompt back (no rejection)', async () => {
    const cancel = new AbortController()
    const cancelled = async (): Promise<ModelReply> => {
      cancel.abort()
      throw new ModelError({kind: 'aborted', url: 'http://127.0.0.1:1/v1', message: 'request cancelled'})
    }
    const {controller, output} = setup([{content: 'a1'}, {content: 'a2'}, cancelled])
    await controller.handle(older, signal())
    await controller.handle('two', signal())
    await expect(controller.handle('/compact', cancel.signal)).resolves.toBeUndefined()
    expect(await output()).toContain('compaction cancelled; the conversation is as it was\n')
  })

  test('the context line after it shows the share of what is left, not the last request', async () => {
    const {controller, output} = setup([
      {content: 'a1', usage: {promptTokens: 3600, completionTokens: 1}},
      {content: 'a2', usage: {promptTokens: 3650, completionTokens: 1}},
      {content: 'SUMMARY'},
    ])
    await controller.handle(older, signal())
    await controller.handle('two', signal())
    expect((await output()).trimEnd().split('\n').at(-1)).toBe('context: 45% of 8k')
    await controller.handle('/compact', signal())
    // An estimate now (the scripted 3600-token count taught an absurd rate, bounded), not the 45 % of before.
    expect((await output()).trimEnd().split('\n').at(-1)).toMatch(/^context: [01]% of 8k$/)
  })

  test('summarises every earlier exchange, however small, and keeps the latest word for word', async () => {
    const replies = [{content: 'a1'}, {content: 'a2'}, {content: 'a3'}, {content: 'a4'}, {content: 'a5'}, {content: 'a6'}, {content: 'SUMMARY of five'}]
    const {controller, session, output} = setup(replies)
    for (const text of ['one', 'two', 'three', 'four', 'five', 'six']) await controller.handle(text, signal())
    await controller.handle('/compact', signal())
    expect(await output()).toMatch(/compacted: you asked; summarised 10 earlier messages/)
    expect(session.messages.map((message) => message.content)).toEqual([expect.stringContaining('SUMMARY of five'), 'six', 'a6'])
  })

  test.each([
    ['nothing yet', []],
    ['one exchange', ['one']],
  ])('with %s, says there is nothing to compact and changes nothing', async (_what, turns) => {
    const {controller, session, output} = setup([{content: 'a1'}])
    for (const text of turns) await controller.handle(text, signal())
    const before = [...session.messages]
    await controller.handle('/compact', signal())
    expect(await output()).toContain('nothing to compact yet: there is no exchange before the latest one\n')
    expect(session.messages).toEqual(before)
  })
})

describe('a message that alone cannot fit', () => {
  test('is refused with its size against the window, and the history is unchanged', async () => {
    const {controller, session, output} = setup([{content: 'a1'}])
    await controller.handle('one', signal())
    const before = [...session.messages]
    await controller.handle('x'.repeat(246_000), signal())
    const shown = await output()
    expect(shown).toMatch(/✗ this message is ~\d+(\.\d)?k tokens; the model's context is 8k, so it was not sent: send less of it, or save it in a file/)
    expect(shown).not.toContain('compacted')
    expect(session.messages).toEqual(before)
  })
})
