/**
 * Tool calls that local servers leak into `content` in their model's own syntax (issue 9), through the built
 * CLI: run headless, the call runs and its markup is not in the answer; in the chat REPL (tmux), where text
 * streams as it arrives, no piece of the markup reaches the screen. The same syntax shown as an example does not run.
 */
import {afterEach, beforeEach, expect, test} from '@jest/globals'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {CLI} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'
import type {ReplyTurn, WireFlavor} from '../support/wire-server.js'

const e2e = useE2E()

beforeEach(async () => {
  await writeFile(path.join(e2e.sandbox.workspace, 'notes.txt'), 'remember the milk\n')
})

interface Body {
  messages: Array<{role: string; content: string | null}>
}

/** The reply cut into pieces of `size` characters, as a server streams tokens. */
const pieces = (text: string, size = 3): string[] => Array.from({length: Math.ceil(text.length / size)}, (_, i) => text.slice(i * size, (i + 1) * size))

async function runJson(turns: ReplyTurn[]) {
  await e2e.serve(turns)
  const result = await e2e.sandbox.run(['run', 'what is in notes.txt?', '--json', '--api', e2e.server.url, '--model', 'some-local-model'])
  const events = result.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as {type: string; name?: string; text?: string; arguments?: unknown})
  const bodies = e2e.server.requests.filter((r) => r.path.startsWith('/v1/chat/completions')).map((r) => r.body as Body)
  const printed = events.filter((e) => e.type === 'text').map((e) => e.text ?? '').join('')
  return {...result, events, bodies, printed}
}

const LEAD = 'Let me read the notes first.\n'

test.each<[format: string, flavor: WireFlavor, call: string, markerText: string]>([
  // ik_llama.cpp function_calls.md
  ['Kimi K2', 'llamacpp', '<|tool_calls_section_begin|><|tool_call_begin|>functions.read_file:0<|tool_call_argument_begin|>{"path": "notes.txt"}<|tool_call_end|><|tool_calls_section_end|>', 'tool_call'],
  // vLLM deepseekv31 parser
  ['DeepSeek V3.1', 'vllm', '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>read_file<｜tool▁sep｜>{"path": "notes.txt"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>', 'tool'],
  // vLLM glm4_moe parser
  ['GLM-4.5', 'ollama', '<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>notes.txt</arg_value>\n</tool_call>', 'arg_'],
  // llama.cpp peg-gemma4
  ['Gemma 4', 'llamacpp', '<|tool_call>call:read_file{path:<|"|>notes.txt<|"|>}<tool_call|>', 'call:'],
  // openai-cookbook openai-harmony.md
  ['gpt-oss harmony', 'lmstudio', '<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path": "notes.txt"}<|call|>', 'to='],
  // MiniMax-M2.5 tool_calling_guide.md, closing tag left off
  ['MiniMax-M2 without its closing tag', 'vllm', '<minimax:tool_call>\n<invoke name="read_file">\n<parameter name="path">notes.txt</parameter>\n</invoke>', 'invoke'],
])('%s streamed in small pieces after <think>: the call runs and is not printed', async (_format, flavor, call, markerText) => {
  const {code, events, bodies, printed} = await runJson([
    {flavor: 'openai', reasoning: 'The notes are in notes.txt.', thinkInline: true, text: pieces(LEAD + call)},
    {flavor, text: 'It says to remember the milk.'},
  ])
  expect(code).toBe(0)
  expect(events.find((e) => e.type === 'tool_call')).toMatchObject({name: 'read_file', arguments: {path: 'notes.txt'}})
  expect(bodies).toHaveLength(2)
  expect(bodies[1].messages.find((m) => m.role === 'tool')?.content).toContain('remember the milk')
  expect(printed).toContain('Let me read the notes first.')
  expect(printed).toContain('It says to remember the milk.')
  expect(printed).not.toContain(markerText)
  expect(printed).not.toContain('notes.txt"')
})

test('the same syntax shown in a code sample is printed whole and nothing runs', async () => {
  const example = 'Gemma 4 writes its calls like this:\n\n```\n<|tool_call>call:read_file{path:<|"|>notes.txt<|"|>}<tool_call|>\n```\n\nand the server turns them into tool calls.'
  const {code, events, bodies, printed} = await runJson([{flavor: 'llamacpp', text: pieces(example)}])
  expect(code).toBe(0)
  expect(events.some((e) => e.type === 'tool_call')).toBe(false)
  expect(bodies).toHaveLength(1)
  expect(printed).toBe(example)
})

let term: TmuxSession | undefined
afterEach(async () => {
  await term?.kill()
  term = undefined
})

test.each<[format: string, call: string, markerText: RegExp]>([
  ['Kimi K2', '<|tool_calls_section_begin|><|tool_call_begin|>functions.read_file:0<|tool_call_argument_begin|>{"path": "notes.txt"}<|tool_call_end|><|tool_calls_section_end|>', /tool_call|functions\.|<\|/],
  ['Gemma 4', '<|tool_call>call:read_file{path:<|"|>notes.txt<|"|>}<tool_call|>', /call:|<\|/],
  ['GLM-4.5', '<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>notes.txt</arg_value>\n</tool_call>', /tool_call|arg_|<\//],
])('in the chat REPL, a %s call streamed in pieces never reaches the screen', async (_format, call, markerText) => {
  await e2e.serve([
    {flavor: 'llamacpp', text: pieces(LEAD + call, 2)},
    {flavor: 'llamacpp', text: 'It says to remember the milk.'},
  ])
  term = await TmuxSession.start([process.execPath, CLI, '--api', e2e.server.url, '--model', 'some-local-model'], {cwd: e2e.sandbox.workspace, env: e2e.sandbox.env})
  await term.waitFor(/lillycoder · some-local-model/)
  await term.typeLine('what is in notes.txt?')
  const screen = await term.waitFor(/It says to remember the milk\./)
  expect(screen).toContain('Let me read the notes first.')
  expect(screen).not.toMatch(markerText)
})
