/** How the loop copes with what real servers and small models do: text calls, refused tools, overflow. */
import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {SessionPolicyEngine} from '../../src/policy/session-policy-engine.js'
import type {AgentEvent} from '../../src/runtime/agent-events.js'
import {AgentSession} from '../../src/runtime/agent-loop.js'
import {ContextBudget} from '../../src/runtime/context-budget.js'
import {HeadlessPrompter} from '../../src/runtime/headless-prompter.js'
import {ModelError} from '../../src/runtime/model-error.js'
import {defineTool} from '../../src/runtime/tool-declaration.js'
import {ToolRegistry} from '../../src/runtime/tool-registry.js'
import {ScriptedModel} from '../support/fake-model.js'

const ran: string[] = []
const readFile = defineTool({
  name: 'read_file',
  description: 'Read a file.',
  parameters: z.object({path: z.string()}),
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path}],
  async run(args) {
    ran.push(args.path)
    return {text: `contents of ${args.path}`}
  },
})

function setup(replies: ConstructorParameters<typeof ScriptedModel>[0], contextTokens = 32_768) {
  ran.length = 0
  const model = new ScriptedModel(replies)
  const events: AgentEvent[] = []
  const session = new AgentSession(
    {
      model,
      modelName: 'm',
      registry: ToolRegistry.fromContributions([{source: 't', tools: [readFile]}]),
      policy: new SessionPolicyEngine({workspace: '/ws', bypass: false}),
      prompter: new HeadlessPrompter(),
      workspace: '/ws',
      maxSteps: 10,
      budget: new ContextBudget(contextTokens),
      emit: (event) => events.push(event),
    },
    'SYSTEM',
  )
  return {model, session, events}
}

const shownText = (events: AgentEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')
const httpError = (status: number, body: unknown) =>
  new ModelError({kind: 'http', url: 'http://127.0.0.1:1/v1', message: `HTTP ${status}`, status, rawBody: JSON.stringify(body)})

describe('tool calls written as text', () => {
  test('a Hermes <tool_call> in the content runs, and is neither shown nor kept as text', async () => {
    const {model, session, events} = setup([
      {content: 'Let me check.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a.txt"}}\n</tool_call>'},
      {content: 'It is fine.'},
    ])
    const outcome = await session.runTurn('check a.txt', new AbortController().signal)
    expect(outcome.status).toBe('answered')
    expect(ran).toEqual(['a.txt'])
    expect(shownText(events)).not.toContain('tool_call')
    const assistant = model.requests[1].messages.find((m) => m.role === 'assistant')
    expect(assistant).toMatchObject({content: 'Let me check.', toolCalls: [{name: 'read_file', arguments: '{"path":"a.txt"}'}]})
    const tool = model.requests[1].messages.find((m) => m.role === 'tool')
    expect(tool?.role === 'tool' && tool.toolCallId).toBe(assistant?.role === 'assistant' && assistant.toolCalls?.[0].id)
  })

  test('JSON the model only shows as an example in prose does not run', async () => {
    const prose = 'To read a file you would send:\n```json\n{"name": "read_file", "arguments": {"path": "a.txt"}}\n```\nand the tool answers with its contents. Want me to?'
    const {session} = setup([{content: prose}])
    const outcome = await session.runTurn('how do tools work?', new AbortController().signal)
    expect(outcome).toMatchObject({status: 'answered', text: prose})
    expect(ran).toEqual([])
  })
})

describe('a server that refuses the tools field', () => {
  test.each([
    ['ollama', 400, {error: {message: 'registry.ollama.ai/library/gemma3:270m does not support tools', type: 'invalid_request_error', param: null, code: null}}],
    ['llama.cpp without --jinja', 500, {error: {code: 500, message: 'tools param requires --jinja flag', type: 'server_error'}}],
  ])('%s: says so, then continues with tools described in the prompt', async (_server, status, body) => {
    const {model, session, events} = setup([
      httpError(status, body),
      {content: '<tool_call>\n{"name": "read_file", "arguments": {"path": "b.txt"}}\n</tool_call>'},
      {content: 'done'},
    ])
    const outcome = await session.runTurn('read b', new AbortController().signal)
    expect(outcome.status).toBe('answered')
    expect(ran).toEqual(['b.txt'])
    const notice = events.find((e) => e.type === 'notice')
    expect(notice?.type === 'notice' && notice.message).toMatch(/refused the tools field.*described in the prompt/)
    const retry = model.requests[1]
    expect(retry.tools).toEqual([])
    expect(retry.messages[0].content).toMatch(/^SYSTEM[\s\S]*## read_file/)
    // The result goes back as text the model can read without native tool support.
    const third = model.requests[2]
    expect(third.tools).toEqual([])
    expect(third.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
    expect(third.messages[3].content).toContain('<tool_response name="read_file">\ncontents of b.txt\n</tool_response>')
  })
})

test("llama.cpp's 'Failed to parse input' 500 still runs the call inside it", async () => {
  const failed = httpError(500, {
    error: {code: 500, message: 'Failed to parse input at pos 12: <tool_call>\n{"name": "read_file", "arguments": {"path": "c.txt"}}\n</tool_call>', type: 'server_error'},
  })
  const {session} = setup([failed, {content: 'ok'}])
  const outcome = await session.runTurn('read c', new AbortController().signal)
  expect(outcome.status).toBe('answered')
  expect(ran).toEqual(['c.txt'])
})

describe('context', () => {
  const exceeded = () =>
    httpError(400, {error: {code: 400, message: 'request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it', type: 'exceed_context_size_error'}})

  test('"context exceeded" compacts older turns with a model summary and retries once', async () => {
    const {model, session, events} = setup([{content: 'first answer'}, {content: 'second answer'}, exceeded(), {content: 'SUMMARY: user asked twice'}, {content: 'third answer'}])
    await session.runTurn('first question', new AbortController().signal)
    await session.runTurn('second question', new AbortController().signal)
    const outcome = await session.runTurn('third question', new AbortController().signal)
    expect(outcome).toMatchObject({status: 'answered', text: 'third answer'})
    const summaryRequest = model.requests[3]
    expect(summaryRequest.tools).toEqual([])
    expect(summaryRequest.messages[1].content).toContain('first question')
    const retry = model.requests[4]
    expect(retry.messages[0].content).toContain('SUMMARY: user asked twice')
    expect(retry.messages.at(-1)).toEqual({role: 'user', content: 'third question'})
    expect(events.some((e) => e.type === 'notice' && /compacted/.test(e.message))).toBe(true)
  })

  test('when compacting cannot help, the turn ends with an explanation', async () => {
    const {session, events} = setup([exceeded()])
    const outcome = await session.runTurn('a single huge question', new AbortController().signal)
    expect(outcome.status).toBe('error')
    const error = events.find((e) => e.type === 'error')
    expect(error?.type === 'error' && error.message).toMatch(/does not fit the model's context .*\/clear/)
  })

  test('near the limit, older turns are compacted before the request is sent', async () => {
    const long = 'word '.repeat(3000) // ≈ 4,300 tokens each
    const {model, session} = setup([{content: 'a1'}, {content: 'SUMMARY'}, {content: 'a2'}], 8192)
    await session.runTurn(long, new AbortController().signal)
    await session.runTurn(`${long} again`, new AbortController().signal)
    expect(model.requests).toHaveLength(3)
    expect(model.requests[1].messages[0].content).toMatch(/compress a coding session/)
    expect(model.requests[2].messages[0].content).toContain('SUMMARY')
    expect(model.requests[2].messages.filter((m) => m.role === 'user')).toHaveLength(1)
  })

  test('/compact with nothing older than the current turn changes nothing', async () => {
    const {session} = setup([{content: 'a'}])
    await session.runTurn('q', new AbortController().signal)
    expect(await session.compact(new AbortController().signal, 'asked')).toBe(false)
  })

  test('the max_tokens sent leaves room in the context', async () => {
    const {model, session} = setup([{content: 'a'}], 8192)
    await session.runTurn('q', new AbortController().signal)
    expect(model.requests[0].maxTokens).toBe(4096)
  })
})
