import {describe, expect, test} from '@jest/globals'

import type {Decision, PolicyEngine} from '../../../src/policy/types.js'
import {AgentSession} from '../../../src/runtime/agent/agent-loop.js'
import {HeadlessPrompter} from '../../../src/runtime/agent/headless-prompter.js'
import type {SessionRecorder} from '../../../src/runtime/agent/session-recorder.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import type {ChatMessage} from '../../../src/runtime/model/messages.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {ScriptedModel} from '../../support/fake-model.js'

const allowAll: PolicyEngine = {
  decide: async (): Promise<Decision> => ({action: 'allow', reason: {code: 'default-read-only', message: 'reads only'}}),
  grant: async () => [],
  grants: () => [],
  revoke: () => false,
}

/** Keeps what the session file would get: appended lines, and a replaced last line. */
class RecordingRecorder implements SessionRecorder {
  readonly lines: ChatMessage[] = []
  appended(message: ChatMessage): void {
    this.lines.push(message)
  }
  replacedLast(message: ChatMessage): void {
    this.lines.splice(-1, 1, message)
  }
  reset(): void {}
}

function session(replies: ConstructorParameters<typeof ScriptedModel>[0]) {
  const model = new ScriptedModel(replies)
  const agent = new AgentSession(
    {model, modelName: 'm', registry: ToolRegistry.fromContributions([]), policy: allowAll, prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 3, budget: new ContextBudget(8192), emit: () => undefined},
    'SYSTEM',
  )
  const recorder = new RecordingRecorder()
  agent.recordTo(recorder)
  return {agent, model, recorder}
}

describe('AgentSession.addNote', () => {
  test('is recorded at once and read by the model with the next message, as one user message', async () => {
    const {agent, model, recorder} = session([{content: 'ok'}])
    agent.addNote('I ran `ls` myself:\nExit code 0.')
    expect(recorder.lines).toEqual([{role: 'user', content: 'I ran `ls` myself:\nExit code 0.'}])
    await agent.runTurn('and now?', new AbortController().signal)
    expect(model.requests[0]?.messages.slice(1)).toEqual([{role: 'user', content: 'I ran `ls` myself:\nExit code 0.\n\nand now?'}])
    expect(recorder.lines.map((message) => message.content)).toEqual(['I ran `ls` myself:\nExit code 0.\n\nand now?', 'ok'])
  })

  test('two notes in a row stay in order in one message', () => {
    const {agent} = session([])
    agent.addNote('first')
    agent.addNote('second')
    expect(agent.messages.slice(1)).toEqual([{role: 'user', content: 'first\n\nsecond'}])
  })
})
