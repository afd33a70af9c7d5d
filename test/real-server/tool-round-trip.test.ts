/**
 * Whole sessions of the built CLI against a real llama-server, through the judging proxy: every request lillycoder
 * sends is rendered by the server's own template and counted by its own tokenizer, and must fit its window.
 */
import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {type JudgingProxy, type ProxyTurn, startJudgingProxy} from '../support/judging-proxy.js'
import {describeWithRealServer, REAL_CONTEXT_TOKENS, REAL_SERVER_TIMEOUT_MS, type RealServerContext} from '../support/real-server-suite.js'
import {createSandbox, type Sandbox} from '../support/run-cli.js'
import {jsonLines} from '../support/run-output.js'

let sandbox: Sandbox
let proxy: JudgingProxy | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
  await sandbox.cleanup()
})

async function runThroughProxy(context: RealServerContext, turns: ProxyTurn[], message: string) {
  const {root} = context.server
  const models = (await (await fetch(`${root}/v1/models`)).json()) as {data: Array<{id: string}>}
  proxy = await startJudgingProxy(root, REAL_CONTEXT_TOKENS, turns)
  const result = await sandbox.run(['run', '--json', '--bypass-permissions', '--api', proxy.url, '--model', models.data[0].id, message])
  return {...result, events: jsonLines(result.stdout), judgements: proxy.judgements}
}

async function countTokens(context: RealServerContext, content: string): Promise<number> {
  const response = await fetch(`${context.server.root}/tokenize`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({content})})
  return ((await response.json()) as {tokens: unknown[]}).tokens.length
}

/** Every request was accepted by the real template and fitted the real window (prompt + max_tokens). */
function expectAllJudgedWell(judgements: JudgingProxy['judgements'], count: number): void {
  expect(judgements).toHaveLength(count)
  for (const judgement of judgements) {
    expect({accepted: judgement.accepted, refusal: judgement.refusal}).toEqual({accepted: true, refusal: undefined})
    expect(judgement.promptTokens + (judgement.maxTokens ?? 0)).toBeLessThanOrEqual(REAL_CONTEXT_TOKENS)
    expect(judgement.maxTokens).toBeGreaterThan(0)
  }
}

describeWithRealServer('tool round trip against a real llama-server', (context) => {
  test(
    'list_dir, read_file, write_file under --bypass-permissions; the last answer written by the real server',
    async () => {
      await writeFile(path.join(sandbox.workspace, 'notes.txt'), 'alpha\nbeta\n')
      const {code, events, judgements, stdout} = await runThroughProxy(
        context,
        [
          {script: {toolCalls: [{name: 'list_dir', arguments: {path: '.'}}]}},
          {script: {toolCalls: [{name: 'read_file', arguments: {path: 'notes.txt'}}]}},
          {script: {text: 'Copying it.', toolCalls: [{name: 'write_file', arguments: {path: 'copy/notes.txt', content: 'alpha\nbeta\n'}}]}},
          {realWords: 'Done.'},
        ],
        'copy notes.txt into copy/',
      )
      expect(code).toBe(0)
      expect(events.filter((event) => event.type === 'tool_result').map((event) => [event.name, event.outcome])).toEqual([
        ['list_dir', 'ok'],
        ['read_file', 'ok'],
        ['write_file', 'ok'],
      ])
      expect(await readFile(path.join(sandbox.workspace, 'copy', 'notes.txt'), 'utf8')).toBe('alpha\nbeta\n')
      expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered', text: 'Done.'})
      expect(stdout).toContain('"text":"Done."')
      expectAllJudgedWell(judgements, 4)
      // The history grew with each call and its result, and the real template took every shape of it.
      expect(judgements.map((judgement) => judgement.promptTokens)).toEqual([...judgements.map((judgement) => judgement.promptTokens)].sort((a, b) => a - b))
      expect(judgements.every((judgement) => judgement.hadTools)).toBe(true)
    },
    REAL_SERVER_TIMEOUT_MS,
  )

  test(
    'a 45 KB JSON file read whole is cut to fit, and the next request fits the real window',
    async () => {
      const records = Array.from({length: 700}, (_, i) => ({id: i, name: `item-${i}`, tags: ['a', 'b'], price: i * 1.25, ok: i % 2 === 0}))
      const json = JSON.stringify(records)
      expect(json.length).toBeGreaterThan(45_000)
      await writeFile(path.join(sandbox.workspace, 'data.json'), json)
      const {code, events, judgements} = await runThroughProxy(
        context,
        [{script: {toolCalls: [{name: 'read_file', arguments: {path: 'data.json'}}]}}, {realWords: 'Read.'}],
        'what is in data.json?',
      )
      expect(code).toBe(0)
      const result = events.find((event) => event.type === 'tool_result')
      expect(String(result?.text).length).toBeLessThan(json.length)
      expectAllJudgedWell(judgements, 2)
      // The result took a real share of the window: the test would not show a fit it did not test.
      expect(judgements[1].promptTokens).toBeGreaterThan(REAL_CONTEXT_TOKENS / 4)
    },
    REAL_SERVER_TIMEOUT_MS,
  )

  test(
    'the parse failure of the real server: retried, then tools in the prompt, and the session goes on',
    async () => {
      await writeFile(path.join(sandbox.workspace, 'marker.txt'), 'here\n')
      const {code, events, judgements} = await runThroughProxy(
        context,
        [
          {realParseFailure: true},
          {realParseFailure: true},
          {script: {text: '<tool_call>\n{"name": "list_dir", "arguments": {"path": "."}}\n</tool_call>'}},
          {realWords: 'Listed.'},
        ],
        'what is here?',
      )
      // The real server's own failure, as it sent it: the shape the recovery is written for.
      expect(proxy!.forwarded.slice(0, 2).map((answer) => answer.text)).toEqual([
        expect.stringMatching(/"error":\{[^}]*does not match the expected/),
        expect.stringMatching(/"error":\{[^}]*does not match the expected/),
      ])
      expect(code).toBe(0)
      expect(events.filter((event) => event.type === 'tool_call_unparsed').map((event) => event.action)).toEqual(['retry', 'prompt_mode'])
      expect(events.find((event) => event.type === 'tool_result')).toMatchObject({name: 'list_dir', outcome: 'ok'})
      expect(judgements.map((judgement) => judgement.hadTools)).toEqual([true, true, false, false])
      expectAllJudgedWell(judgements, 4)
      expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered', text: 'Listed.'})
    },
    REAL_SERVER_TIMEOUT_MS,
  )

  test(
    'a message that alone cannot fit the window is refused before anything is sent',
    async () => {
      const message = 'word '.repeat(6000)
      expect(await countTokens(context, message)).toBeGreaterThan(REAL_CONTEXT_TOKENS) // too big for real
      const {code, stderr, events, judgements} = await runThroughProxy(context, [{realWords: 'never'}], message)
      expect(code).not.toBe(0)
      expect(judgements).toHaveLength(0)
      expect(events.filter((event) => event.type === 'error').map((event) => event.message)).toEqual([expect.stringMatching(/not sent/)])
      expect(events.at(-1)).toMatchObject({type: 'done', status: 'too_large'})
      expect(stderr).not.toMatch(/at .*\.js:\d+/)
    },
    REAL_SERVER_TIMEOUT_MS,
  )
})
