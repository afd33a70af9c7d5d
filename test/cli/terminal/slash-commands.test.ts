import {PassThrough} from 'node:stream'

import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'

import {ChatController} from '../../../src/cli/terminal/chat-controller.js'
import {SLASH_COMMAND_NAMES, slashHelp, unknownCommandLine} from '../../../src/cli/terminal/slash-commands.js'
import {TranscriptRenderer} from '../../../src/cli/terminal/transcript-renderer.js'
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

/** A controller with no model replies: enough to see how each slash command is answered. */
function controllerWritingTo() {
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
    {model: new ScriptedModel([]), modelName: 'm', registry, policy: allowAll, prompter: new HeadlessPrompter(), workspace: '/ws', maxSteps: 5, budget, emit: (event) => renderer.handle(event)},
    'SYSTEM',
  )
  const controller = new ChatController({session, renderer, registry, policy: allowAll, budget, out, colors})
  const output = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    return written
  }
  return {controller, output}
}

describe('unknown slash commands', () => {
  test.each([
    ['/undi', '/undo'],
    ['/hlep', '/help'],
    ['/modle', '/model'],
    ['/tool', '/tools'],
    ['/permisions', '/permissions'],
    ['/sesions', '/sessions'],
  ])('%s suggests %s', (typed, nearest) => {
    expect(unknownCommandLine(typed)).toBe(`unknown command ${typed} — did you mean ${nearest}?`)
  })

  test.each(['/xyzzy', '/qqqqqqqq'])('%s, near nothing, points at /help', (typed) => {
    expect(unknownCommandLine(typed)).toBe(`unknown command ${typed}; /help lists them`)
  })

  test('the controller answers an unknown command with the suggestion', async () => {
    const {controller, output} = controllerWritingTo()
    await controller.handle('/undi', new AbortController().signal)
    expect(await output()).toBe('unknown command /undi — did you mean /undo?\n')
  })
})

describe('/help', () => {
  test.each(SLASH_COMMAND_NAMES)('names %s', (name) => {
    expect(slashHelp().split(/\s+/)).toContain(name)
  })

  test('the controller prints the generated help', async () => {
    const {controller, output} = controllerWritingTo()
    await controller.handle('/help', new AbortController().signal)
    expect(await output()).toBe(`${slashHelp()}\n`)
  })

  // Every name /help lists must reach a case of the controller's switch, never its "unknown command" default.
  test.each(SLASH_COMMAND_NAMES.filter((name) => !['/exit', '/quit', '/init', '/compact', '/help'].includes(name)))('%s is handled by the controller', async (name) => {
    const {controller, output} = controllerWritingTo()
    await controller.handle(name, new AbortController().signal)
    expect(await output()).not.toMatch(/unknown command/)
  })

  test.each(['/exit', '/quit'])('%s leaves', async (name) => {
    const {controller} = controllerWritingTo()
    expect(await controller.handle(name, new AbortController().signal)).toBe('exit')
  })
})
