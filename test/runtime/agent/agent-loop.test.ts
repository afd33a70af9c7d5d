import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import {SessionPolicyEngine} from '../../../src/policy/edge/session-policy-engine.js'
import type {AgentEvent} from '../../../src/runtime/agent/agent-events.js'
import {AgentSession} from '../../../src/runtime/agent/agent-loop.js'
import {HeadlessPrompter, NO_ONE_TO_ASK} from '../../../src/runtime/agent/headless-prompter.js'
import {ModelError} from '../../../src/runtime/model/model-error.js'
import type {PermissionAnswer, PermissionRequest, Prompter} from '../../../src/runtime/agent/prompter.js'
import {defineTool} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {call, ScriptedModel} from '../../support/fake-model.js'

const ran: string[] = []

const echo = defineTool({
  name: 'echo',
  description: 'Echo text.',
  parameters: z.object({text: z.string()}),
  mutates: false,
  targets: () => [],
  async run(args) {
    ran.push(`echo:${args.text}`)
    return {text: `echoed ${args.text}`}
  },
})

const touch = defineTool({
  name: 'touch',
  description: 'Pretend to write a file.',
  parameters: z.object({path: z.string()}),
  mutates: true,
  targets: (args) => [{kind: 'path', path: args.path}],
  preview: (args) => {
    if (args.path === 'impossible') throw new ToolError({what: 'impossible cannot be touched'})
    return {summary: args.path}
  },
  async run(args) {
    ran.push(`touch:${args.path}`)
    if (args.path === 'fail') throw new ToolError({what: 'disk full', hint: 'free some space'})
    if (args.path === 'bug') throw new TypeError('undefined is not a function')
    return {text: `touched ${args.path}`}
  },
})

class RecordingPrompter implements Prompter {
  readonly asked: PermissionRequest[] = []
  constructor(private readonly answers: PermissionAnswer[]) {}
  async askPermission(request: PermissionRequest): Promise<PermissionAnswer> {
    this.asked.push(request)
    return this.answers.shift() ?? {kind: 'no'}
  }
}

function setup(replies: ConstructorParameters<typeof ScriptedModel>[0], answers: PermissionAnswer[] = [], options: {bypass?: boolean; maxSteps?: number; prompter?: Prompter} = {}) {
  ran.length = 0
  const model = new ScriptedModel(replies)
  const registry = ToolRegistry.fromContributions([{source: 'test', tools: [echo, touch]}])
  const policy = new SessionPolicyEngine({workspace: '/ws', bypass: options.bypass ?? false})
  const prompter = options.prompter ?? new RecordingPrompter(answers)
  const events: AgentEvent[] = []
  const session = new AgentSession(
    {model, modelName: 'm', registry, policy, prompter, workspace: '/ws', maxSteps: options.maxSteps ?? 30, budget: new ContextBudget(32_768), emit: (event) => events.push(event)},
    'SYSTEM',
  )
  return {model, session, events, policy, prompter}
}

const toolMessages = (model: ScriptedModel, request = -1) => model.requests.at(request)!.messages.filter((m) => m.role === 'tool')

describe('agent loop', () => {
  test('a plain answer ends the turn after one request', async () => {
    const {model, session} = setup([{content: 'hello'}])
    const outcome = await session.runTurn('hi', new AbortController().signal)
    expect(outcome).toMatchObject({status: 'answered', text: 'hello', steps: 1})
    expect(model.requests[0].messages.map((m) => m.role)).toEqual(['system', 'user'])
    expect(model.requests[0].tools.map((t) => t.function.name)).toEqual(['echo', 'touch'])
  })

  test('a read-only call runs without asking and its result goes back with the call id', async () => {
    const {model, session, prompter} = setup([{toolCalls: [call('echo', {text: 'x'}, 'id-1')]}, {content: 'done'}])
    await session.runTurn('go', new AbortController().signal)
    expect(ran).toEqual(['echo:x'])
    expect((prompter as RecordingPrompter).asked).toHaveLength(0)
    expect(toolMessages(model)).toEqual([{role: 'tool', toolCallId: 'id-1', name: 'echo', content: 'echoed x'}])
  })

  test.each([
    ['unknown tool', call('nope', {}), /no tool named "nope"\. Available tools: echo, touch/],
    ['invalid JSON', call('echo', '{"text": '), /not valid JSON/],
    ['schema violation', call('echo', {text: 5}), /invalid arguments for echo: text: .*string/i],
    ['array instead of object', call('echo', '[1]'), /must be a JSON object/],
  ])('%s goes back to the model as a result and the turn continues', async (_name, badCall, message) => {
    const {model, session} = setup([{toolCalls: [badCall]}, {content: 'ok'}])
    const outcome = await session.runTurn('go', new AbortController().signal)
    expect(outcome.status).toBe('answered')
    expect(toolMessages(model)[0].content).toMatch(message)
    expect(ran).toEqual([])
  })

  test('arguments sent as a JSON string (double-encoded) are accepted', async () => {
    const {session} = setup([{toolCalls: [call('echo', JSON.stringify(JSON.stringify({text: 'y'})))]}, {content: 'ok'}])
    await session.runTurn('go', new AbortController().signal)
    expect(ran).toEqual(['echo:y'])
  })

  test('a mutating call asks; "no" with a reason tells the model and does not run', async () => {
    const {model, session, prompter} = setup([{toolCalls: [call('touch', {path: 'a'})]}, {content: 'ok'}], [{kind: 'no', reason: 'not now'}])
    await session.runTurn('go', new AbortController().signal)
    expect(ran).toEqual([])
    expect((prompter as RecordingPrompter).asked[0].preview).toEqual({summary: 'a'})
    expect(toolMessages(model)[0].content).toBe('The user declined this call. Their reason: not now')
  })

  test('"always" grants the tool for the session: the next call does not ask', async () => {
    const {session, prompter} = setup(
      [{toolCalls: [call('touch', {path: 'a'})]}, {toolCalls: [call('touch', {path: 'b'})]}, {content: 'ok'}],
      [{kind: 'always'}],
    )
    await session.runTurn('go', new AbortController().signal)
    expect(ran).toEqual(['touch:a', 'touch:b'])
    expect((prompter as RecordingPrompter).asked).toHaveLength(1)
  })

  test('"path" grants only that target: the same path runs, another path asks again', async () => {
    const {session, prompter} = setup(
      [{toolCalls: [call('touch', {path: 'a'})]}, {toolCalls: [call('touch', {path: './a'}), call('touch', {path: 'b'})]}, {content: 'ok'}],
      [{kind: 'path'}, {kind: 'no'}],
    )
    await session.runTurn('go', new AbortController().signal)
    expect(ran).toEqual(['touch:a', 'touch:./a'])
    expect((prompter as RecordingPrompter).asked.map((r) => r.call.args.path)).toEqual(['a', 'b'])
  })

  test('headless: a call that would ask is refused with the reason the model can act on', async () => {
    const {model, session} = setup([{toolCalls: [call('touch', {path: 'a'})]}, {content: 'ok'}], [], {prompter: new HeadlessPrompter()})
    await session.runTurn('go', new AbortController().signal)
    expect(ran).toEqual([])
    expect(toolMessages(model)[0].content).toContain(NO_ONE_TO_ASK)
  })

  test('--bypass-permissions runs mutating calls without asking', async () => {
    const {session, prompter} = setup([{toolCalls: [call('touch', {path: 'a'})]}, {content: 'ok'}], [], {bypass: true})
    await session.runTurn('go', new AbortController().signal)
    expect(ran).toEqual(['touch:a'])
    expect((prompter as RecordingPrompter).asked).toHaveLength(0)
  })

  test('a preview that shows the call cannot work goes to the model without asking the person', async () => {
    const {model, session, prompter} = setup([{toolCalls: [call('touch', {path: 'impossible'})]}, {content: 'ok'}])
    await session.runTurn('go', new AbortController().signal)
    expect((prompter as RecordingPrompter).asked).toHaveLength(0)
    expect(toolMessages(model)[0].content).toBe('Error: impossible cannot be touched.')
  })

  test.each([
    ['fail', 'Error: disk full. Hint: free some space.'],
    ['bug', 'Error: touch failed: undefined is not a function'],
  ])('a tool that throws (%s) becomes an error result', async (path, text) => {
    const {model, session} = setup([{toolCalls: [call('touch', {path})]}, {content: 'ok'}], [], {bypass: true})
    const outcome = await session.runTurn('go', new AbortController().signal)
    expect(outcome.status).toBe('answered')
    expect(toolMessages(model)[0].content).toBe(text)
  })

  test('the step limit ends a runaway loop', async () => {
    const replies = Array.from({length: 5}, () => ({toolCalls: [call('echo', {text: 'again'})]}))
    const {session, events} = setup(replies, [], {maxSteps: 3})
    const outcome = await session.runTurn('go', new AbortController().signal)
    expect(outcome.status).toBe('step_limit')
    expect(ran).toHaveLength(3)
    expect(events.some((e) => e.type === 'notice' && /3 steps/.test(e.message))).toBe(true)
  })

  test('the same failing call: told to change approach on the 3rd, the turn stops on the 4th', async () => {
    const bad = () => ({toolCalls: [call('echo', {text: 1}, 'same')]})
    const {model, session} = setup([bad(), bad(), bad(), bad(), {content: 'never'}])
    const outcome = await session.runTurn('go', new AbortController().signal)
    expect(outcome.status).toBe('error')
    expect(model.requests).toHaveLength(4)
    expect(toolMessages(model, 3).at(-1)!.content).toMatch(/same failing call 3 times\. Change approach/)
  })

  test('Ctrl-C at the prompt cancels the turn and every remaining call gets a result', async () => {
    const {model, session} = setup(
      [{toolCalls: [call('touch', {path: 'a'}, 'c1'), call('echo', {text: 'later'}, 'c2')]}, {content: 'next turn'}],
      [{kind: 'cancel'}],
    )
    const outcome = await session.runTurn('go', new AbortController().signal)
    expect(outcome.status).toBe('cancelled')
    expect(ran).toEqual([])
    await session.runTurn('again', new AbortController().signal)
    const ids = toolMessages(model).map((m) => (m.role === 'tool' ? m.toolCallId : ''))
    expect(ids).toEqual(['c1', 'c2'])
  })

  test('a model error ends the turn with one line, and the session stays usable', async () => {
    const down = new ModelError({kind: 'connection', url: 'http://127.0.0.1:9/v1', message: 'connection refused', hint: 'is the server running?'})
    const {model, session, events} = setup([down, {content: 'back'}])
    const first = await session.runTurn('one', new AbortController().signal)
    expect(first.status).toBe('error')
    expect(events).toContainEqual({type: 'error', message: 'http://127.0.0.1:9/v1: connection refused — is the server running?'})
    const second = await session.runTurn('two', new AbortController().signal)
    expect(second).toMatchObject({status: 'answered', text: 'back'})
    expect(model.requests[1].messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
  })

  test('/clear keeps only the system prompt', async () => {
    const {model, session} = setup([{content: 'a'}, {content: 'b'}])
    await session.runTurn('one', new AbortController().signal)
    session.clear()
    await session.runTurn('two', new AbortController().signal)
    expect(model.requests[1].messages).toEqual([{role: 'system', content: 'SYSTEM'}, {role: 'user', content: 'two'}])
  })

  test('a long tool result is cut in the middle, saying how much', async () => {
    const big = defineTool({...echo, name: 'big', run: async () => ({text: 'A\n'.repeat(20_000) + 'Z\n'.repeat(20_000)})})
    const model = new ScriptedModel([{toolCalls: [call('big', {text: 'x'})]}, {content: 'ok'}])
    const registry = ToolRegistry.fromContributions([{source: 't', tools: [big]}])
    const session = new AgentSession(
      {model, modelName: 'm', registry, policy: new SessionPolicyEngine({workspace: '/ws', bypass: false}), prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 5, budget: new ContextBudget(4096), emit: () => {}},
      'S',
    )
    await session.runTurn('go', new AbortController().signal)
    const content = toolMessages(model)[0].content
    // A 4k context leaves room for a few thousand characters, not 80,000.
    expect(content.length).toBeLessThan(8000)
    expect(content.startsWith('A\n')).toBe(true)
    expect(content.endsWith('Z\n')).toBe(true)
    expect(content).toMatch(/\d+ lines/)
  })
})
