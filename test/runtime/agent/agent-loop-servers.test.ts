/** How the loop copes with what real servers and small models do: text calls, refused tools, overflow. */
import {describe, expect, jest, test} from '@jest/globals'
import {z} from 'zod'

import {SessionPolicyEngine} from '../../../src/policy/edge/session-policy-engine.js'
import type {AgentEvent} from '../../../src/runtime/agent/agent-events.js'
import {AgentSession} from '../../../src/runtime/agent/agent-loop.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import {HeadlessPrompter} from '../../../src/runtime/agent/headless-prompter.js'
import type {ModelReply} from '../../../src/runtime/model/model-client.js'
import {ModelError} from '../../../src/runtime/model/model-error.js'
import {defineTool} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {ScriptedModel} from '../../support/fake-model.js'

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

test('prompt mode reads the tool list a fixed number of times per turn, however many calls the model makes', async () => {
  const rewritesFor = async (calls: number): Promise<number> => {
    const registry = ToolRegistry.fromContributions([{source: 't', tools: [readFile]}])
    const description = jest.spyOn(registry, 'schemas')
    const text = Array.from({length: calls}, (_, i) => `<tool_call>\n{"name": "read_file", "arguments": {"path": "f${i}"}}\n</tool_call>`).join('\n')
    const session = new AgentSession(
      {
        model: new ScriptedModel([{content: text}, {content: 'done'}]),
        modelName: 'm',
        registry,
        policy: new SessionPolicyEngine({workspace: '/ws', bypass: false}),
        prompter: new HeadlessPrompter(),
        workspace: '/ws',
        maxSteps: 10,
        budget: new ContextBudget(32_768),
        toolMode: 'prompt',
        emit: () => {},
      },
      'SYSTEM',
    )
    expect(await session.runTurn('read them', new AbortController().signal)).toMatchObject({status: 'answered'})
    return description.mock.calls.length
  }
  expect(await rewritesFor(6)).toBe(await rewritesFor(1))
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

// A first turn too big to keep whole next to the latest (more than 40 % of an 8k context), so /compact summarises it.
const older = 'word '.repeat(3500)

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
    const long = 'word '.repeat(3600) // ≈ 4,300 tokens each
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
    expect(await session.compact(new AbortController().signal, 'asked')).toBe('unchanged')
  })

  test('after /compact the context share is estimated anew, not the last request\'s count', async () => {
    const {session} = setup([{content: 'first', usage: {promptTokens: 3600, completionTokens: 1}}, {content: 'second', usage: {promptTokens: 3650, completionTokens: 1}}, {content: 'SUMMARY'}], 8192)
    await session.runTurn(older, new AbortController().signal)
    await session.runTurn('two', new AbortController().signal)
    expect(session.contextUsage().tokens).toBe(3650)
    expect(await session.compact(new AbortController().signal, 'you asked')).toBe('compacted')
    // What is left (system prompt, summary, the last turn) is a few dozen tokens.
    expect(session.contextUsage().tokens).toBeLessThan(200)
  })
})

test('when the model cannot summarise, /compact keeps a plain list and says why', async () => {
  const down = new ModelError({kind: 'connection', url: 'http://127.0.0.1:9/v1', message: 'connection refused'})
  const {model, session, events} = setup([{content: 'first'}, {content: 'second'}, down, {content: 'third'}], 8192)
  await session.runTurn(older, new AbortController().signal)
  await session.runTurn('two', new AbortController().signal)
  expect(await session.compact(new AbortController().signal, 'you asked')).toBe('compacted')
  const notice = events.findLast((e) => e.type === 'notice')
  expect(notice?.type === 'notice' && notice.message).toMatch(/; listed \(the model could not summarise: http:\/\/127\.0\.0\.1:9\/v1: connection refused\) 2 earlier messages/)
  await session.runTurn('three', new AbortController().signal)
  expect(model.requests.at(-1)?.messages[0].content).toContain('- user asked: word word')
})

describe('Ctrl-C while compacting', () => {
  /** A model request that is cancelled by the person while it runs, as the real client reports it. */
  const cancelledBy = (controller: AbortController) => async (): Promise<ModelReply> => {
    controller.abort()
    throw new ModelError({kind: 'aborted', url: 'http://127.0.0.1:1/v1', message: 'request cancelled'})
  }

  test('before a request: the turn ends cancelled, the history stays whole, the session goes on', async () => {
    const long = 'word '.repeat(3600) // two of these are near an 8k context
    const controller = new AbortController()
    const {model, session, events} = setup([{content: 'a1'}, cancelledBy(controller), {content: 'SUMMARY'}, {content: 'a3'}], 8192)
    await session.runTurn(long, new AbortController().signal)
    const outcome = await session.runTurn(`${long} again`, controller.signal)
    expect(outcome).toMatchObject({status: 'cancelled', steps: 1})
    expect(events.some((e) => e.type === 'notice' && /compacted/.test(e.message))).toBe(false)
    expect(session.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant'])
    expect(session.messages[0]).toEqual({role: 'system', content: 'SYSTEM'})

    const next = await session.runTurn('short', new AbortController().signal)
    expect(next).toMatchObject({status: 'answered', text: 'a3'})
    expect(model.requests.at(-1)?.messages[0].content).toContain('SUMMARY')
  })

  test('after the server said the context is full: the turn ends cancelled', async () => {
    const controller = new AbortController()
    const exceeded = httpError(400, {error: {code: 400, message: 'request (9214 tokens) exceeds the available context size (8192 tokens)', type: 'exceed_context_size_error'}})
    const {session} = setup([{content: 'first'}, {content: 'second'}, exceeded, cancelledBy(controller)])
    await session.runTurn('one', new AbortController().signal)
    await session.runTurn('two', new AbortController().signal)
    await expect(session.runTurn('three', controller.signal)).resolves.toMatchObject({status: 'cancelled'})
    expect(session.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['one', 'two', 'three'])
  })

  test('/compact: reports cancelled and leaves the history as it was', async () => {
    const controller = new AbortController()
    const {session} = setup([{content: 'first'}, {content: 'second'}, cancelledBy(controller)], 8192)
    await session.runTurn(older, new AbortController().signal)
    await session.runTurn('two', new AbortController().signal)
    const before = structuredClone(session.messages)
    expect(await session.compact(controller.signal, 'you asked')).toBe('cancelled')
    expect(session.messages).toEqual(before)
  })

  test('the max_tokens sent leaves room in the context', async () => {
    const {model, session} = setup([{content: 'a'}], 8192)
    await session.runTurn('q', new AbortController().signal)
    expect(model.requests[0].maxTokens).toBe(4096)
  })
})
