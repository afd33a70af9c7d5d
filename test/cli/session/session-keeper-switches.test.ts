import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {SessionKeeper} from '../../../src/cli/session/session-keeper.js'
import {SessionPolicyEngine} from '../../../src/policy/edge/session-policy-engine.js'
import {AgentSession} from '../../../src/runtime/agent/agent-loop.js'
import {HeadlessPrompter} from '../../../src/runtime/agent/headless-prompter.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import {readSession} from '../../../src/runtime/sessions/session-reader.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {ScriptedModel} from '../../support/fake-model.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lilly-keeper-'))
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

function agent(replies: Array<{content: string}>) {
  const model = new ScriptedModel(replies)
  const registry = ToolRegistry.fromContributions([])
  const policy = new SessionPolicyEngine({workspace: '/ws', bypass: true})
  const session = new AgentSession(
    {model, modelName: 'm', registry, policy, prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 4, budget: new ContextBudget(32_768), emit: () => undefined},
    'SYSTEM lilly',
  )
  return {model, session}
}

const signal = new AbortController().signal
const keeperOptions = () => ({dir, workspace: '/ws', saving: true, warn: (message: string) => expect(message).toBe('no warning')})
const linesOf = async (id: string) =>
  (await readFile(path.join(dir, `${id}.jsonl`), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as {type: string})

describe('SessionKeeper and switches', () => {
  test('a system prompt replaced mid-session writes one persona line, no reset; a resume rebuilds the same request', async () => {
    const first = agent([{content: 'hi'}, {content: 'still here'}])
    const keeper = new SessionKeeper(keeperOptions(), undefined, 'k1')
    keeper.attach(first.session, {endpoint: 'e', model: 'm', persona: 'lilly'})
    await first.session.runTurn('one', signal)
    first.session.replaceSystemPrompt('SYSTEM adult')
    keeper.personaChanged('adult')
    keeper.personaChanged('adult') // the same persona again (an evolve-off rewrite): nothing new to record
    await first.session.runTurn('two', signal)
    keeper.close()
    expect((await linesOf('k1')).map((line) => line.type)).toEqual(['session', 'message', 'message', 'persona', 'message', 'message'])

    const loaded = await readSession(path.join(dir, 'k1.jsonl'))
    expect(loaded.persona).toBe('adult')
    const resumed = agent([{content: 'resumed'}])
    // The CLI builds the resumed session's system prompt from the persona the file names.
    resumed.session.replaceSystemPrompt(`SYSTEM ${loaded.persona}`)
    const again = new SessionKeeper(keeperOptions(), loaded)
    again.attach(resumed.session, {endpoint: 'e', model: 'm', persona: 'adult'})
    await resumed.session.runTurn('three', signal)
    again.close()
    expect(resumed.model.requests[0].messages).toEqual([...first.model.requests[1].messages, {role: 'assistant', content: 'still here'}, {role: 'user', content: 'three'}])
    // Continued with the persona and model the file names: no lines about them.
    expect((await linesOf('k1')).filter((line) => line.type === 'persona' || line.type === 'model')).toHaveLength(1)
  })

  test('continued with another model or persona than the file names: one line for each', async () => {
    const first = agent([{content: 'hi'}])
    const keeper = new SessionKeeper(keeperOptions(), undefined, 'k2')
    keeper.attach(first.session, {endpoint: 'e', model: 'small', persona: 'lilly'})
    await first.session.runTurn('one', signal)
    keeper.close()
    const again = new SessionKeeper(keeperOptions(), await readSession(path.join(dir, 'k2.jsonl')))
    again.attach(agent([]).session, {endpoint: 'e', model: 'big', persona: 'plain'})
    again.modelChanged('big')
    again.close()
    expect((await linesOf('k2')).slice(3)).toEqual([
      {type: 'model', model: 'big'},
      {type: 'persona', name: 'plain'},
    ])
  })
})
