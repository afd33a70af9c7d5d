/** A plugin's tool that breaks the contract, or a policy that throws, ends as a result for the model: never a crash, never an allow. */
import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import type {Decision, PolicyEngine, PreparedCall} from '../../../src/policy/types.js'
import {CallExecutor} from '../../../src/runtime/agent/call-executor.js'
import type {PermissionAnswer, PermissionRequest, Prompter} from '../../../src/runtime/agent/prompter.js'
import {type ToolDeclaration} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {call} from '../../support/fake-model.js'

/** Decides what it is told (or throws it), and records what it was asked about. */
class StubPolicy implements PolicyEngine {
  readonly decided: PreparedCall[] = []
  constructor(private readonly decision: Decision | Error) {}
  async decide(prepared: PreparedCall): Promise<Decision> {
    this.decided.push(prepared)
    if (this.decision instanceof Error) throw this.decision
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

class YesPrompter implements Prompter {
  readonly asked: PermissionRequest[] = []
  async askPermission(request: PermissionRequest): Promise<PermissionAnswer> {
    this.asked.push(request)
    return {kind: 'yes'}
  }
}

const allow: Decision = {action: 'allow', reason: {code: 'default-read-only', message: 'reads only'}}
const ask: Decision = {action: 'ask', reason: {code: 'default-mutating', message: 'changes files'}}

/** A declaration as a plugin might export it, with the broken part swapped in (plain objects: the types are what a plugin ignores). */
function pluginTool(overrides: Record<string, unknown>): ToolDeclaration {
  return {
    name: 'plugin_tool',
    description: 'A third-party tool.',
    parameters: z.object({path: z.string()}),
    mutates: true,
    targets: (args: {path: string}) => [{kind: 'path', path: args.path}],
    run: async () => ({text: 'done'}),
    ...overrides,
  } as unknown as ToolDeclaration
}

function executorFor(tool: ToolDeclaration, decision: Decision | Error = allow) {
  const registry = ToolRegistry.fromContributions([{source: 'lillycoder-plugin-broken', tools: [tool]}])
  expect(registry.problems).toEqual([])
  const policy = new StubPolicy(decision)
  const prompter = new YesPrompter()
  const executor = new CallExecutor({registry, policy, prompter, workspace: '/ws', emit: () => {}})
  const run = () => executor.execute(call('plugin_tool', {path: 'a.txt'}), new AbortController().signal)
  return {run, policy, prompter}
}

describe('targets() that break the contract', () => {
  test.each<[string, unknown]>([
    ['a string', 'a.txt'],
    ['nothing', undefined],
    ['one target, not a list', {kind: 'path', path: 'a.txt'}],
    ['a target without its field', [{kind: 'path'}]],
    ['a field that is not a string', [{kind: 'command', command: ['rm', '-rf']}]],
    ['an unknown kind', [{kind: 'file', path: 'a.txt'}]],
    ['a package with a numeric manager', [{kind: 'package', name: 'left-pad', manager: 1}]],
  ])('returning %s is an error naming the tool; the policy never sees it and nothing runs', async (_name, targets) => {
    let ran = false
    const {run, policy} = executorFor(
      pluginTool({
        targets: () => targets,
        run: async () => {
          ran = true
          return {text: 'done'}
        },
      }),
    )
    const result = await run()
    expect(result.outcome).toBe('error')
    expect(result.text).toMatch(/^Error: tool plugin_tool is broken: its targets\(\) must return a list of targets/)
    expect(policy.decided).toEqual([])
    expect(ran).toBe(false)
  })

  test('targets() that throw are an error naming the tool', async () => {
    const {run} = executorFor(
      pluginTool({
        targets: () => {
          throw new TypeError('args.path.split is not a function')
        },
      }),
    )
    expect(await run()).toEqual({outcome: 'error', text: 'Error: plugin_tool could not read its arguments: args.path.split is not a function'})
  })

  test.each<[string, unknown]>([
    ['no targets', []],
    ['every kind', [{kind: 'path', path: 'a'}, {kind: 'command', command: 'ls'}, {kind: 'package', name: 'x', manager: 'npm'}, {kind: 'value', value: 'v'}]],
  ])('well-formed targets (%s) reach the policy as they are', async (_name, targets) => {
    const {run, policy} = executorFor(pluginTool({targets: () => targets}))
    expect((await run()).outcome).toBe('ok')
    expect(policy.decided.map((prepared) => prepared.targets)).toEqual([targets])
  })
})

describe('a policy that throws', () => {
  test('is a refusal with the reason, and the tool does not run', async () => {
    let ran = false
    const {run} = executorFor(
      pluginTool({
        run: async () => {
          ran = true
          return {text: 'done'}
        },
      }),
      new Error('rule file is unreadable'),
    )
    const result = await run()
    expect(result).toMatchObject({outcome: 'refused', decision: 'deny', reason: 'the policy could not decide: rule file is unreadable'})
    expect(result.text).toMatch(/^Refused: the policy could not decide: rule file is unreadable\./)
    expect(ran).toBe(false)
  })
})

describe('run() results that break the contract', () => {
  test.each<[string, unknown, string]>([
    ['nothing', undefined, 'no text'],
    ['a bare string', 'done', 'no text'],
    ['text that is not a string', {text: 42}, 'no text'],
    ['data that is not an object', {text: 'done', data: 'diff'}, 'data that is not an object'],
  ])('returning %s is an error naming the tool', async (_name, returned, what) => {
    const {run} = executorFor(pluginTool({run: async () => returned}))
    const result = await run()
    expect(result.outcome).toBe('error')
    expect(result.text).toMatch(new RegExp(`^Error: tool plugin_tool returned ${what}`))
  })

  test('a well-formed result comes back with its data', async () => {
    const {run} = executorFor(pluginTool({run: async () => ({text: 'done', data: {lines: 3}})}))
    expect(await run()).toMatchObject({outcome: 'ok', text: 'done', data: {lines: 3}})
  })
})

describe('preview() that breaks the contract', () => {
  test.each<[string, unknown]>([
    ['a bare string', '--- a\n+++ b'],
    ['a diff that is not a string', {summary: 'a.txt', diff: ['-a', '+b']}],
  ])('returning %s is an error naming the tool; the person is not asked', async (_name, preview) => {
    const {run, prompter} = executorFor(pluginTool({preview: () => preview}), ask)
    const result = await run()
    expect(result.outcome).toBe('error')
    expect(result.text).toMatch(/^Error: tool plugin_tool is broken: its preview\(\) must return/)
    expect(prompter.asked).toEqual([])
  })

  test('a well-formed preview is shown at the gate', async () => {
    const {run, prompter} = executorFor(pluginTool({preview: () => ({summary: 'a.txt (new file)'})}), ask)
    expect((await run()).outcome).toBe('ok')
    expect(prompter.asked.map((request) => request.preview)).toEqual([{summary: 'a.txt (new file)'}])
  })
})
