/**
 * The server could not parse the model's tool call (llama.cpp, ollama, vLLM shapes): the partial call is dropped,
 * the request is sent once more, and a second failure in the turn switches the session to tools in the prompt.
 * The built CLI against scripted servers on 127.0.0.1; nothing of ours is faked.
 */
import {describe, expect, test} from '@jest/globals'
import {access, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {chatRequestBodies, jsonLines} from '../support/run-output.js'
import type {WireTurn} from '../support/wire-server.js'
import {TOOL_PARSE_FAILURES} from '../support/wire-servers.js'

const e2e = useE2E()

interface ChatBody {
  tools?: unknown[]
  messages: Array<{role: string; content: string | null}>
}

async function runJson(turns: WireTurn[]) {
  await e2e.serve(turns)
  const args = ['run', '--json', '--bypass-permissions', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', 'what is here?']
  const result = await e2e.sandbox.run(args)
  return {...result, events: jsonLines(result.stdout), bodies: chatRequestBodies<ChatBody>(e2e.server)}
}

const listDirAsText = '<tool_call>\n{"name": "list_dir", "arguments": {"path": "."}}\n</tool_call>'

describe.each(TOOL_PARSE_FAILURES)('$server', ({turn}) => {
  test('one failure: the partial call is dropped and the same request is sent again', async () => {
    const {code, events, bodies, stderr} = await runJson([turn, {flavor: 'llamacpp', text: 'Nothing to do.'}])
    expect(stderr).not.toMatch(/at .*\.js:\d+/) // no stack trace
    expect(code).toBe(0)
    expect(events.filter((event) => event.type === 'tool_call_unparsed').map((event) => event.action)).toEqual(['retry'])
    expect(events.some((event) => event.type === 'tool_call')).toBe(false)
    await expect(access(path.join(e2e.sandbox.workspace, 'a.txt'))).rejects.toThrow()
    expect(bodies).toHaveLength(2)
    expect(bodies[1]).toEqual(bodies[0])
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered', text: 'Nothing to do.'})
  })

  test('two failures in a turn: tools move into the prompt for the rest of the session', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'marker.txt'), 'here\n')
    const {code, events, bodies} = await runJson([turn, turn, {flavor: 'llamacpp', text: listDirAsText}, {flavor: 'llamacpp', text: 'There is marker.txt.'}])
    expect(code).toBe(0)
    expect(events.filter((event) => event.type === 'tool_call_unparsed').map((event) => event.action)).toEqual(['retry', 'prompt_mode'])
    expect(bodies).toHaveLength(4)
    expect(bodies[0].tools?.length).toBeGreaterThan(0)
    expect(bodies[1].tools?.length).toBeGreaterThan(0)
    for (const body of bodies.slice(2)) {
      expect(body.tools).toBeUndefined()
      expect(body.messages[0].content).toMatch(/list_dir/)
    }
    const result = events.find((event) => event.type === 'tool_result')
    expect(result).toMatchObject({name: 'list_dir', outcome: 'ok'})
    expect(String(result?.text)).toMatch(/marker\.txt/)
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered', text: 'There is marker.txt.'})
  })
})

const notParseFailures: Array<[what: string, turn: WireTurn]> = [
  // vLLM re-reading the request's own history: the same Python json text, but a 400 (the request, not the model).
  ['vLLM 400 on the replayed history', {status: 400, body: {error: {message: "Expecting ',' delimiter: line 1 column 54 (char 53)", type: 'BadRequestError', param: null, code: 400}}}],
  ['a plain llama.cpp 500', {status: 500, body: {error: {code: 500, message: 'slot unavailable', type: 'server_error'}}}],
  ['a stream cut with an unrelated error', {flavor: 'llamacpp', text: 'Hel', midStreamError: {code: 500, message: 'out of memory', type: 'server_error'}}],
]

test.each(notParseFailures)('%s is not a parse failure: no retry, one line, exit 1', async (_what, turn) => {
  const {code, events, bodies, stderr} = await runJson([turn, {flavor: 'llamacpp', text: 'never sent'}])
  expect(code).toBe(1)
  expect(bodies).toHaveLength(1)
  expect(events.some((event) => event.type === 'tool_call_unparsed')).toBe(false)
  expect(stderr).not.toMatch(/at .*\.js:\d+/)
})

test('a third failure after the switch ends the turn with the error (the server parses nothing in prompt mode)', async () => {
  const [{turn}] = TOOL_PARSE_FAILURES
  const {code, events, bodies} = await runJson([turn, turn, turn])
  expect(code).toBe(1)
  expect(bodies).toHaveLength(3)
  expect(events.filter((event) => event.type === 'tool_call_unparsed')).toHaveLength(2)
  expect(events.at(-1)).toMatchObject({type: 'done', status: 'error'})
})
