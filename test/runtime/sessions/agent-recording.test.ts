import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {z} from 'zod'

import {SessionPolicyEngine} from '../../../src/policy/edge/session-policy-engine.js'
import {AgentSession} from '../../../src/runtime/agent/agent-loop.js'
import {HeadlessPrompter} from '../../../src/runtime/agent/headless-prompter.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import {JsonlSessionRecorder} from '../../../src/runtime/sessions/jsonl-session-recorder.js'
import {readSession} from '../../../src/runtime/sessions/session-reader.js'
import {defineTool} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import type {PreparedCall} from '../../../src/runtime/tools/prepare-call.js'
import {call, ScriptedModel} from '../../support/fake-model.js'

// The loop and the JSONL adapter together: what is saved as the loop runs is what a resumed session sends.

const look = defineTool({name: 'look', description: 'Read.', parameters: z.object({path: z.string()}), mutates: false, targets: (a) => [{kind: 'path', path: a.path}], run: async (a) => ({text: `saw ${a.path}`})})
const change = defineTool({name: 'change', description: 'Write.', parameters: z.object({path: z.string()}), mutates: true, targets: (a) => [{kind: 'path', path: a.path}], run: async (a) => ({text: `changed ${a.path}`})})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lilly-rec-'))
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

function agent(replies: ConstructorParameters<typeof ScriptedModel>[0], hooks: {beforeMutation?: (call: PreparedCall) => Promise<void>} = {}) {
  const model = new ScriptedModel(replies)
  const registry = ToolRegistry.fromContributions([{source: 'test', tools: [look, change]}])
  const policy = new SessionPolicyEngine({workspace: '/ws', bypass: true})
  const session = new AgentSession(
    {model, modelName: 'm', registry, policy, prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 10, budget: new ContextBudget(32_768), emit: () => undefined, ...hooks},
    'SYSTEM',
  )
  return {model, session}
}

const header = {id: 'r1', workspace: '/ws', endpoint: 'e', model: 'm', persona: 'p', created: 'now'}
const signal = new AbortController().signal

describe('recording a session', () => {
  test('a resumed session sends the model exactly the messages it would have sent without the restart', async () => {
    const file = path.join(dir, 'r1.jsonl')
    const recorder = new JsonlSessionRecorder({file, header, warn: () => undefined})
    const first = agent([{toolCalls: [call('look', {path: 'a'}, 'c1')]}, {content: 'a looks fine'}, {content: 'second'}, {content: 'ok'}, {content: 'next'}])
    first.session.recordTo(recorder)
    await first.session.runTurn('check a', signal)
    await first.session.runTurn('and b?', signal)
    expect(await first.session.compact(signal, 'test', {onlyLatestTurn: true})).toBe('compacted')
    await first.session.runTurn('and then?', signal)
    recorder.close()

    const loaded = await readSession(file)
    expect(loaded.summary).toBe('ok')
    const resumed = agent([{content: 'continued'}])
    resumed.session.restore(loaded)
    expect(resumed.session.messages).toEqual(first.session.messages)
    await resumed.session.runTurn('more', signal)
    expect(resumed.model.requests[0].messages.slice(0, -1)).toEqual(first.session.messages)
  })

  test('restoring is not recorded again; /clear is', async () => {
    const file = path.join(dir, 'r1.jsonl')
    const recorder = new JsonlSessionRecorder({file, header, warn: () => undefined})
    const {session} = agent([{content: 'x'}])
    session.recordTo(recorder)
    session.restore({messages: [{role: 'user', content: 'old'}, {role: 'assistant', content: 'older'}]})
    await session.runTurn('new', signal)
    expect((await readSession(file)).messages.map((m) => m.content)).toEqual(['new', 'x'])
    session.clear()
    expect((await readSession(file)).messages).toEqual([])
    recorder.close()
  })
})

describe('beforeMutation', () => {
  test('is awaited before each mutating call runs, never before a read-only one', async () => {
    const seen: string[] = []
    const {session} = agent(
      [{toolCalls: [call('look', {path: 'a'}), call('change', {path: 'b'}), call('change', {path: 'c'})]}, {content: 'done'}],
      {
        beforeMutation: async (prepared) => {
          seen.push(`${prepared.tool.name}:${String(prepared.args.path)}`)
        },
      },
    )
    await session.runTurn('go', signal)
    expect(seen).toEqual(['change:b', 'change:c'])
  })
})
