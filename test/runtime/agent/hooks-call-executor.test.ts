/** The call executor's hook-in: hooks run only after the policy (and the person) let a call through, and can still block it. */
import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import type {Decision, PolicyEngine} from '../../../src/policy/types.js'
import {CallExecutor} from '../../../src/runtime/agent/call-executor.js'
import type {HookedCall, ToolHooks} from '../../../src/runtime/agent/hooks.js'
import type {PermissionAnswer, Prompter} from '../../../src/runtime/agent/prompter.js'
import {defineTool} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {call} from '../../support/fake-model.js'

const policyThat = (decision: Decision): PolicyEngine => ({decide: async () => decision, grant: async () => [], grants: () => [], revoke: () => false})
const prompterAnswering = (answer: PermissionAnswer): Prompter => ({askPermission: async () => answer})

/** Records each hook call; blocks when told to, and adds `after` to results. */
class RecordingHooks implements ToolHooks {
  readonly calls: string[] = []
  constructor(private readonly options: {block?: string; after?: string} = {}) {}
  async beforeTool(hooked: HookedCall) {
    this.calls.push(`before ${hooked.tool} ${hooked.targets.join(',')}`)
    return this.options.block ? {blockedBy: './check.sh', reason: this.options.block} : undefined
  }
  async afterTool(hooked: HookedCall, result: {outcome: string}) {
    this.calls.push(`after ${hooked.tool} ${result.outcome}`)
    return this.options.after ?? ''
  }
}

function setup(decision: Decision, hooks: RecordingHooks, answer: PermissionAnswer = {kind: 'yes'}) {
  const ran: string[] = []
  const tool = defineTool({
    name: 'touch',
    description: 'Touch a file.',
    parameters: z.object({path: z.string()}),
    mutates: true,
    targets: (args) => [{kind: 'path', path: args.path}],
    run: async (args) => {
      ran.push(args.path)
      return {text: `touched ${args.path}`}
    },
  })
  const registry = ToolRegistry.fromContributions([{source: 'test', tools: [tool]}])
  const executor = new CallExecutor({registry, policy: policyThat(decision), prompter: prompterAnswering(answer), workspace: '/ws', emit: () => {}, hooks})
  return {ran, execute: () => executor.execute(call('touch', {path: 'a.txt'}), new AbortController().signal)}
}

const allow: Decision = {action: 'allow', reason: {code: 'default-read-only', message: 'allowed'}}
const deny: Decision = {action: 'deny', reason: {code: 'rule-deny', message: 'denied by rule'}}
const ask: Decision = {action: 'ask', reason: {code: 'default-mutating', message: 'changes files'}}

describe('hooks around a call', () => {
  test('allowed: before runs, the tool runs, after output is appended', async () => {
    const hooks = new RecordingHooks({after: '[after_tool fmt]\nformatted a.txt'})
    const {ran, execute} = setup(allow, hooks)
    expect(await execute()).toMatchObject({outcome: 'ok', decision: 'allow', text: 'touched a.txt\n[after_tool fmt]\nformatted a.txt'})
    expect(ran).toEqual(['a.txt'])
    expect(hooks.calls).toEqual(['before touch a.txt', 'after touch ok'])
  })

  test('blocked by a before hook: the tool does not run, the reason goes back, no after hook', async () => {
    const hooks = new RecordingHooks({block: 'not on Fridays'})
    const {ran, execute} = setup(allow, hooks)
    expect(await execute()).toMatchObject({outcome: 'refused', reason: 'blocked by the before_tool hook ./check.sh', text: 'Refused by a before_tool hook: not on Fridays'})
    expect(ran).toEqual([])
    expect(hooks.calls).toEqual(['before touch a.txt'])
  })

  test.each<[string, Decision, PermissionAnswer]>([
    ['denied by the policy', deny, {kind: 'yes'}],
    ['declined by the person', ask, {kind: 'no'}],
    ['unanswered (headless)', ask, {kind: 'unanswered', reason: 'no one to approve it'}],
  ])('%s: no hook runs', async (_what, decision, answer) => {
    const hooks = new RecordingHooks()
    const {ran, execute} = setup(decision, hooks, answer)
    await execute()
    expect(ran).toEqual([])
    expect(hooks.calls).toEqual([])
  })

  test('asked and approved: hooks run after the yes', async () => {
    const hooks = new RecordingHooks()
    const {execute} = setup(ask, hooks)
    expect(await execute()).toMatchObject({outcome: 'ok', decision: 'ask'})
    expect(hooks.calls).toEqual(['before touch a.txt', 'after touch ok'])
  })
})
