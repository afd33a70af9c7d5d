import {expect, test} from '@jest/globals'

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

function session(model: ScriptedModel): AgentSession {
  const deps = {model, modelName: 'm', registry: ToolRegistry.fromContributions([]), policy: allowAll, prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 5, budget: new ContextBudget(8192), emit: () => undefined}
  return new AgentSession(deps, 'OLD VOICE')
}

test('replaceSystemPrompt: the next request carries the new system message and the whole conversation', async () => {
  const model = new ScriptedModel([{content: 'first answer'}, {content: 'second answer'}])
  const agent = session(model)
  await agent.runTurn('first', new AbortController().signal)
  agent.replaceSystemPrompt('NEW VOICE')
  await agent.runTurn('second', new AbortController().signal)
  expect(model.requests[1].messages.map((m) => [m.role, m.content])).toEqual([
    ['system', 'NEW VOICE'],
    ['user', 'first'],
    ['assistant', 'first answer'],
    ['user', 'second'],
  ])
})

test('replaceSystemPrompt keeps the summary of a compaction, after the new voice', async () => {
  const model = new ScriptedModel([{content: 'a1'}, {content: 'a2'}, {content: 'SUMMARY TEXT'}, {content: 'a3'}])
  const agent = session(model)
  await agent.runTurn('q1', new AbortController().signal)
  await agent.runTurn('q2', new AbortController().signal)
  expect(await agent.compact(new AbortController().signal, 'test', {onlyLatestTurn: true})).toBe('compacted')
  agent.replaceSystemPrompt('NEW VOICE')
  await agent.runTurn('q3', new AbortController().signal)
  const system = model.requests.at(-1)!.messages[0].content
  expect(system.startsWith('NEW VOICE\n\n## Earlier in this session (summary)\n')).toBe(true)
  expect(system).toContain('SUMMARY TEXT')
})
