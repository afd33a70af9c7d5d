/** A running tool's output reaches the person as events, after the gate, and never changes what the model gets. */
import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import type {Decision, PolicyEngine} from '../../../src/policy/types.js'
import type {AgentEvent} from '../../../src/runtime/agent/agent-events.js'
import {CallExecutor} from '../../../src/runtime/agent/call-executor.js'
import type {PermissionAnswer, Prompter} from '../../../src/runtime/agent/prompter.js'
import {defineTool, type ToolDeclaration} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {call} from '../../support/fake-model.js'

class FixedPolicy implements PolicyEngine {
  constructor(private readonly decision: Decision) {}
  async decide(): Promise<Decision> {
    return this.decision
  }
  async grant() {
    return []
  }
  grants() {
    return []
  }
  revoke() {
    return false
  }
}

/** Answers the gate, and records which events had been emitted by the time it was asked. */
class RecordingPrompter implements Prompter {
  eventsWhenAsked = -1
  constructor(
    private readonly answer: PermissionAnswer,
    private readonly events: AgentEvent[],
  ) {}
  async askPermission(): Promise<PermissionAnswer> {
    this.eventsWhenAsked = this.events.length
    return this.answer
  }
}

const streaming = defineTool({
  name: 'streaming',
  description: 'Prints as it goes.',
  parameters: z.object({}),
  mutates: true,
  targets: () => [],
  async run(_args, ctx) {
    ctx.onOutput?.('first\n')
    ctx.onOutput?.('second\n')
    return {text: 'the result'}
  },
})

// A plugin written before onOutput existed: it never calls it and must work as before.
const silent = defineTool({name: 'silent', description: 'Quiet.', parameters: z.object({}), mutates: false, targets: () => [], run: async () => ({text: 'quiet result'})})

function execute(tool: ToolDeclaration, answer: PermissionAnswer = {kind: 'yes'}) {
  const events: AgentEvent[] = []
  const registry = ToolRegistry.fromContributions([{source: 'test', tools: [tool]}])
  const ask: Decision = {action: 'ask', reason: {code: 'default-mutating', message: 'changes things'}}
  const prompter = new RecordingPrompter(answer, events)
  const executor = new CallExecutor({registry, policy: new FixedPolicy(ask), prompter, workspace: '/ws', emit: (event) => events.push(event)})
  return {result: executor.execute(call(tool.name, {}), new AbortController().signal), events, prompter}
}

describe('tool output events', () => {
  test('started after the gate, then each piece of output, in order; the result is the tool’s own', async () => {
    const {result, events, prompter} = execute(streaming as unknown as ToolDeclaration)
    expect((await result).text).toBe('the result')
    expect(events.map((event) => event.type)).toEqual(['tool_call', 'tool_started', 'tool_output', 'tool_output'])
    expect(prompter.eventsWhenAsked).toBe(1)
    expect(events.filter((event) => event.type === 'tool_output').map((event) => (event as {text: string}).text)).toEqual(['first\n', 'second\n'])
  })

  test('a declined call never starts', async () => {
    const {result, events} = execute(streaming as unknown as ToolDeclaration, {kind: 'no'})
    expect((await result).outcome).toBe('declined')
    expect(events.map((event) => event.type)).toEqual(['tool_call'])
  })

  test('a tool that ignores onOutput still runs: started, no output events', async () => {
    const {result, events} = execute(silent as unknown as ToolDeclaration)
    expect((await result).text).toBe('quiet result')
    expect(events.map((event) => event.type)).toEqual(['tool_call', 'tool_started'])
  })
})
