import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {SessionPolicyEngine} from '../../../src/policy/edge/session-policy-engine.js'
import type {AgentEvent} from '../../../src/runtime/agent/agent-events.js'
import {AgentSession, NUDGE_TEXT} from '../../../src/runtime/agent/agent-loop.js'
import {HeadlessPrompter} from '../../../src/runtime/agent/headless-prompter.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import {defineTool} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {call, ScriptedModel} from '../../support/fake-model.js'

const echo = defineTool({
  name: 'echo',
  description: 'Echo text.',
  parameters: z.object({text: z.string()}),
  mutates: false,
  targets: () => [],
  run: async (args) => ({text: `echoed ${args.text}`}),
})

function setup(replies: ConstructorParameters<typeof ScriptedModel>[0], options: {nudge?: boolean; tools?: boolean; context?: number} = {}) {
  const model = new ScriptedModel(replies)
  const registry = ToolRegistry.fromContributions([{source: 'test', tools: options.tools === false ? [] : [echo]}])
  const events: AgentEvent[] = []
  const budget = new ContextBudget(options.context ?? 32_768)
  const session = new AgentSession(
    {
      model,
      modelName: 'm',
      registry,
      policy: new SessionPolicyEngine({workspace: '/ws', bypass: false}),
      prompter: new HeadlessPrompter(),
      workspace: '/ws',
      maxSteps: 10,
      budget,
      nudge: options.nudge,
      emit: (event) => events.push(event),
    },
    'SYSTEM',
  )
  return {model, session, events, registry, budget}
}

const signal = () => new AbortController().signal

describe('the nudge', () => {
  test('an announcement without a call gets the nudge as a user message, and the turn goes on', async () => {
    const {model, session, events} = setup([{content: "I'll create the file now…"}, {toolCalls: [call('echo', {text: 'x'})]}, {content: 'Done.'}])
    const outcome = await session.runTurn('make a file', signal())
    expect(outcome).toMatchObject({status: 'answered', text: 'Done.', steps: 3})
    expect(events.filter((event) => event.type === 'nudge')).toEqual([{type: 'nudge', message: NUDGE_TEXT}])
    expect(model.requests[1].messages.slice(-2)).toEqual([
      {role: 'assistant', content: "I'll create the file now…"},
      {role: 'user', content: NUDGE_TEXT},
    ])
  })

  test('once per user turn, and again in the next turn', async () => {
    const {model, session, events} = setup([{content: "I'll create the file now."}, {content: 'Let me write it now…'}, {content: "I'll run the tests now."}, {content: 'Fine.'}])
    expect(await session.runTurn('one', signal())).toMatchObject({status: 'answered', text: 'Let me write it now…', steps: 2})
    expect(await session.runTurn('two', signal())).toMatchObject({status: 'answered', text: 'Fine.', steps: 2})
    expect(events.filter((event) => event.type === 'nudge')).toHaveLength(2)
    expect(model.requests).toHaveLength(4)
  })

  test.each([
    ['off in the config', {nudge: false}],
    ['no tools to call', {tools: false}],
  ])('not sent when %s', async (_why, options) => {
    const {model, session, events} = setup([{content: "I'll create the file now…"}], options)
    expect(await session.runTurn('make a file', signal())).toMatchObject({status: 'answered', steps: 1})
    expect(model.requests).toHaveLength(1)
    expect(events.some((event) => event.type === 'nudge')).toBe(false)
  })

  test('not sent after a reply that made a call: only the final text counts', async () => {
    const {model, session, events} = setup([{content: "I'll read it now.", toolCalls: [call('echo', {text: 'x'})]}, {content: 'It says x.'}])
    await session.runTurn('read', signal())
    expect(model.requests).toHaveLength(2)
    expect(events.some((event) => event.type === 'nudge')).toBe(false)
  })
})

describe('a message that alone cannot fit', () => {
  test('is refused before anything is sent or compacted, and the history stays as it was', async () => {
    const {model, session, events} = setup([{content: 'first answer'}], {context: 8192})
    await session.runTurn('hello', signal())
    const before = [...session.messages]
    const outcome = await session.runTurn('x'.repeat(246_000), signal())
    expect(outcome).toMatchObject({status: 'too_large', steps: 0})
    expect(outcome.error).toMatch(/^this message is ~\d+(\.\d)?k tokens; the model's context is 8k, so it was not sent: send less of it, or save it in a file/)
    expect(model.requests).toHaveLength(1)
    expect(session.messages).toEqual(before)
    expect(events.filter((event) => event.type === 'notice')).toEqual([])
    expect(events.at(-1)).toEqual({type: 'error', message: outcome.error})
  })

  test.each([
    ['well within the context', 1_000, false],
    ['just short of the context with the reply reserve', 20_000, false],
    ['past the context', 40_000, true],
  ])('%s (%i characters into 8k)', (_what, length, refused) => {
    const {session} = setup([], {context: 8192})
    expect(session.oversize('y'.repeat(length)) !== undefined).toBe(refused)
  })
})

/** Records the estimate the loop made for each request (it calibrates against the server's count with it). */
class RecordingBudget extends ContextBudget {
  readonly estimates: number[] = []
  override calibrate(estimated: number): void {
    this.estimates.push(estimated)
  }
}

describe('the prompt estimate', () => {
  test('the running total used for each request agrees with counting that request from scratch', async () => {
    const usage = {promptTokens: 1, completionTokens: 1}
    const budget = new RecordingBudget(32_768)
    const model = new ScriptedModel([
      {content: "I'll do it now.", usage},
      {toolCalls: [call('echo', {text: 'a'}), call('echo', {text: 'bb'})], usage},
      new Error('boom'),
      {content: 'answer', usage},
    ])
    const registry = ToolRegistry.fromContributions([{source: 'test', tools: [echo]}])
    const policy = new SessionPolicyEngine({workspace: '/ws', bypass: false})
    const session = new AgentSession({model, modelName: 'm', registry, policy, prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 10, budget, emit: () => {}}, 'SYSTEM')
    await session.runTurn('first', signal())
    await session.runTurn('second, after the failure', signal())
    const answered = model.requests.filter((_, index) => index !== 2)
    expect(budget.estimates).toEqual(answered.map((request) => budget.estimatePrompt(request.messages, request.tools)))
  })
})
