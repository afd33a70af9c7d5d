/**
 * The built CLI, headless, against a real HTTP server speaking each local server's wire shape.
 * Nothing of ours is faked: the CLI is a child process, the server is a socket on 127.0.0.1.
 */
import {describe, expect, test} from '@jest/globals'
import {chmod, mkdir, readFile, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {startWireServer, type WireFlavor, type WireTurn} from '../support/wire-server.js'
import {chatRequestBodies, jsonLines} from '../support/run-output.js'

const e2e = useE2E()

interface ChatBody {
  model: string
  stream: boolean
  parallel_tool_calls?: boolean
  tools?: Array<{type: string; function: {name: string; parameters: Record<string, unknown>}}>
  messages: Array<{role: string; content: string | null; tool_call_id?: string; tool_calls?: Array<{id: string; function: {name: string; arguments: string}}>}>
}

async function run(turns: WireTurn[], args: string[], options: {input?: string} = {}) {
  await e2e.serve(turns)
  const result = await e2e.sandbox.run(['run', ...args, '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'], options)
  return {...result, bodies: chatRequestBodies<ChatBody>(e2e.server)}
}

const FLAVORS: WireFlavor[] = ['llamacpp', 'ollama', 'ollama-legacy', 'vllm', 'lmstudio', 'koboldcpp', 'openai']

describe.each(FLAVORS)('run against %s', (flavor) => {
  test('a tool call is executed and its result goes back with the server-given id', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'alpha\nbeta\n')
    const {code, stdout, stderr, bodies} = await run(
      [
        {flavor, text: 'Let me look.', toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]},
        {flavor, text: 'It says alpha and beta.'},
      ],
      ['what is in a.txt?'],
    )
    expect(stderr).not.toMatch(/error/i)
    expect(code).toBe(0)
    expect(stdout).toBe('It says alpha and beta.\n')
    expect(bodies).toHaveLength(2)
    const [first, second] = bodies
    expect(first.stream).toBe(true)
    expect(first.parallel_tool_calls).toBe(true)
    expect(first.tools?.map((tool) => tool.function.name)).toEqual(expect.arrayContaining(['read_file', 'write_file', 'edit_file', 'bash']))
    const assistant = second.messages.find((m) => m.role === 'assistant')
    const sentId = assistant?.tool_calls?.[0].id
    expect(sentId).toBeTruthy()
    expect(JSON.parse(assistant!.tool_calls![0].function.arguments)).toEqual({path: 'a.txt'})
    const toolMessage = second.messages.find((m) => m.role === 'tool')
    expect(toolMessage?.tool_call_id).toBe(sentId)
    expect(toolMessage?.content).toMatch(/alpha/)
    expect(toolMessage?.content).toMatch(/beta/)
  })

  test('with --bypass-permissions a write lands on disk, with its parent directory made', async () => {
    const {code, bodies} = await run(
      [
        {flavor, toolCalls: [{name: 'write_file', arguments: {path: 'new/dir/hello.txt', content: 'hi there\n'}}]},
        {flavor, text: 'Wrote it.'},
      ],
      ['write hello', '--bypass-permissions'],
    )
    expect(code).toBe(0)
    expect(await readFile(path.join(e2e.sandbox.workspace, 'new/dir/hello.txt'), 'utf8')).toBe('hi there\n')
    expect(bodies[1].messages.at(-1)?.role).toBe('tool')
  })
})

describe('parallel tool calls (index 0 and 1 in one reply)', () => {
  test.each<WireFlavor>(['vllm', 'openai', 'llamacpp', 'ollama'])('%s: both run and both results go back in order', async (flavor) => {
    await writeFile(path.join(e2e.sandbox.workspace, 'one.txt'), 'ONE\n')
    await writeFile(path.join(e2e.sandbox.workspace, 'two.txt'), 'TWO\n')
    const {code, bodies} = await run(
      [
        {
          flavor,
          toolCalls: [
            {name: 'read_file', arguments: {path: 'one.txt'}},
            {name: 'read_file', arguments: {path: 'two.txt'}},
          ],
        },
        {flavor, text: 'Both read.'},
      ],
      ['read both'],
    )
    expect(code).toBe(0)
    const messages = bodies[1].messages
    const calls = messages.find((m) => m.role === 'assistant')?.tool_calls ?? []
    expect(calls).toHaveLength(2)
    expect(new Set(calls.map((c) => c.id)).size).toBe(2)
    const results = messages.filter((m) => m.role === 'tool')
    expect(results.map((m) => m.tool_call_id)).toEqual(calls.map((c) => c.id))
    expect(results[0].content).toMatch(/ONE/)
    expect(results[1].content).toMatch(/TWO/)
  })
})

describe('shapes', () => {
  test('reasoning_content is not sent back as content, and the answer is printed', async () => {
    const {code, stdout, bodies} = await run(
      [
        {flavor: 'llamacpp', reasoning: 'I should list the files first.', toolCalls: [{name: 'list_dir', arguments: {}}]},
        {flavor: 'llamacpp', reasoning: 'Now answer.', text: 'Empty folder.'},
      ],
      ['what is here?'],
    )
    expect(code).toBe(0)
    expect(stdout).toBe('Empty folder.\n')
    const assistant = bodies[1].messages.find((m) => m.role === 'assistant')
    expect(JSON.stringify(bodies[1].messages)).not.toContain('I should list the files first')
    expect(assistant?.content ?? '').toBe('')
  })

  test('inline <think> is stripped from the answer', async () => {
    const {code, stdout} = await run([{flavor: 'openai', reasoning: 'hmm, easy', thinkInline: true, text: 'Forty-two.'}], ['answer'])
    expect(code).toBe(0)
    expect(stdout).toBe('Forty-two.\n')
  })

  test('a server that answers a whole (non-streamed) reply works the same', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'whole\n')
    const {code, stdout, bodies} = await run(
      [
        {flavor: 'vllm', stream: false, toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]},
        {flavor: 'vllm', stream: false, text: 'Read it.'},
      ],
      ['read'],
    )
    expect(code).toBe(0)
    expect(stdout).toBe('Read it.\n')
    expect(bodies[1].messages.find((m) => m.role === 'tool')?.content).toMatch(/whole/)
  })

  test('finish_reason "stop" after tool calls still runs them (old ollama)', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'stopped\n')
    const {code, bodies} = await run(
      [
        {flavor: 'ollama-legacy', finishReason: 'stop', toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]},
        {flavor: 'ollama-legacy', text: 'ok'},
      ],
      ['read'],
    )
    expect(code).toBe(0)
    expect(bodies[1].messages.find((m) => m.role === 'tool')?.content).toMatch(/stopped/)
  })

  test('--json prints one event per line: tool_call, tool_result with its decision, text, done', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'x\n')
    const {code, stdout} = await run(
      [{flavor: 'llamacpp', toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]}, {flavor: 'llamacpp', text: 'done'}],
      ['read', '--json'],
    )
    expect(code).toBe(0)
    const events = jsonLines(stdout)
    expect(events.map((e) => e.type)).toEqual(['tool_call', 'tool_result', 'text', 'done'])
    expect(events[0]).toMatchObject({name: 'read_file', arguments: {path: 'a.txt'}})
    expect(events[1]).toMatchObject({name: 'read_file', outcome: 'ok', decision: 'allow'})
    expect(events[3]).toMatchObject({status: 'answered', text: 'done', steps: 2})
  })
})

describe('permissions when headless', () => {
  test('a mutating call without --bypass-permissions is refused, the model is told why, nothing is written', async () => {
    const {code, stdout, bodies} = await run(
      [{flavor: 'ollama', toolCalls: [{name: 'write_file', arguments: {path: 'x.txt', content: 'x'}}]}, {flavor: 'ollama', text: 'I could not write it.'}],
      ['write x', '--json'],
    )
    expect(code).toBe(4)
    await expect(stat(path.join(e2e.sandbox.workspace, 'x.txt'))).rejects.toThrow()
    expect(bodies[1].messages.find((m) => m.role === 'tool')?.content).toContain('no one to approve it; pass --bypass-permissions or add an allow rule')
    expect(jsonLines(stdout)[1]).toMatchObject({type: 'tool_result', outcome: 'refused', decision: 'ask'})
  })
})

describe('exit code 4: calls that needed approval were refused', () => {
  const writeNotes = {name: 'write_file', arguments: {path: 'notes.md', content: 'n\n'}}
  const npmInstall = {name: 'bash', arguments: {command: 'npm install'}}
  const readA = {name: 'read_file', arguments: {path: 'a.txt'}}
  const summaryLines = (stderr: string) => stderr.split('\n').filter((line) => line.includes('needed approval'))

  test('all refused: exit 4, nothing written, one summary line naming each call and what to do', async () => {
    const {code, stdout, stderr} = await run([{flavor: 'llamacpp', toolCalls: [writeNotes, npmInstall]}, {flavor: 'llamacpp', text: 'Could not.'}], ['set up'])
    expect(code).toBe(4)
    expect(stdout).toBe('Could not.\n')
    await expect(stat(path.join(e2e.sandbox.workspace, 'notes.md'))).rejects.toThrow()
    expect(summaryLines(stderr)).toEqual([
      'lillycoder: 2 calls needed approval and were refused: write_file {"path":"notes.md","content":"n\\n"}, bash $ npm install — pass --bypass-permissions or add allow rules',
    ])
  })

  test('some refused and some run: exit 4, the summary names only the refused one', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'alpha\n')
    const {code, stderr, bodies} = await run([{flavor: 'ollama', toolCalls: [readA, npmInstall]}, {flavor: 'ollama', text: 'Read it.'}], ['go'])
    expect(code).toBe(4)
    expect(bodies[1].messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual([expect.stringContaining('alpha'), expect.stringContaining('no one to approve')])
    expect(summaryLines(stderr)).toEqual(['lillycoder: 1 call needed approval and was refused: bash $ npm install — pass --bypass-permissions or add allow rules'])
  })

  test.each<[string, string[]]>([
    ['only read-only calls', []],
    ['mutating calls with --bypass-permissions', ['--bypass-permissions']],
  ])('none refused (%s): exit 0, no summary', async (_name, flags) => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'alpha\n')
    const calls = flags.length > 0 ? [readA, writeNotes] : [readA]
    const {code, stderr} = await run([{flavor: 'vllm', toolCalls: calls}, {flavor: 'vllm', text: 'Done.'}], ['go', ...flags])
    expect(code).toBe(0)
    expect(summaryLines(stderr)).toEqual([])
  })

  test('a call refused by a deny rule is the policy working: exit 0, no summary', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, '.lillycoderrc.json'), JSON.stringify({permissions: {deny: ['bash(npm install*)']}}))
    const {code, stdout, stderr} = await run([{flavor: 'llamacpp', toolCalls: [npmInstall]}, {flavor: 'llamacpp', text: 'Denied.'}], ['go', '--json'])
    expect(code).toBe(0)
    expect(jsonLines(stdout)[1]).toMatchObject({type: 'tool_result', outcome: 'refused', decision: 'deny'})
    expect(jsonLines(stdout).at(-1)).toMatchObject({type: 'done', status: 'answered', exit_code: 0, refused_approvals: []})
    expect(summaryLines(stderr)).toEqual([])
  })

  test('--json: the done event carries the exit code and the refused calls; stdout stays JSON lines', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'alpha\n')
    const {code, stdout, stderr} = await run([{flavor: 'llamacpp', toolCalls: [readA, writeNotes]}, {flavor: 'llamacpp', text: 'Half done.'}], ['go', '--json'])
    expect(code).toBe(4)
    const done = jsonLines(stdout).at(-1)
    expect(done).toMatchObject({type: 'done', status: 'answered', text: 'Half done.', exit_code: 4})
    expect(done?.refused_approvals).toEqual([{id: expect.any(String), name: 'write_file', arguments: writeNotes.arguments}])
    expect(summaryLines(stderr)).toHaveLength(1)
  })

  test('a step limit still exits 3 when calls were also refused', async () => {
    const {code, stderr} = await run([{flavor: 'llamacpp', toolCalls: [npmInstall]}, {flavor: 'llamacpp', toolCalls: [npmInstall]}], ['go', '--max-steps', '1'])
    expect(code).toBe(3)
    expect(summaryLines(stderr)).toHaveLength(1)
  })
})

describe('bad input from the model goes back to it; the turn continues', () => {
  const secondRequestTool = (bodies: ChatBody[]) => bodies[1].messages.find((m) => m.role === 'tool')?.content ?? ''

  test.each<[string, WireTurn, RegExp]>([
    ['malformed JSON arguments', {flavor: 'llamacpp', toolCalls: [{name: 'read_file', arguments: '{"path": "a.txt"'}]}, /not valid JSON/],
    ['an unknown tool', {flavor: 'ollama', toolCalls: [{name: 'launch_rocket', arguments: {}}]}, /no tool named "launch_rocket".*read_file/],
    ['a schema violation', {flavor: 'vllm', toolCalls: [{name: 'read_file', arguments: {path: 7}}]}, /invalid arguments for read_file: path/],
    ['a missing file', {flavor: 'lmstudio', toolCalls: [{name: 'read_file', arguments: {path: 'nope.txt'}}]}, /nope\.txt/],
  ])('%s', async (_name, turn, message) => {
    const {code, bodies} = await run([turn, {flavor: 'llamacpp', text: 'sorry'}], ['go'])
    expect(code).toBe(0)
    expect(secondRequestTool(bodies)).toMatch(message)
  })

  test('reading a binary file is a clear error result', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]))
    const {bodies} = await run([{flavor: 'llamacpp', toolCalls: [{name: 'read_file', arguments: {path: 'img.png'}}]}, {flavor: 'llamacpp', text: 'ok'}], ['read'])
    expect(secondRequestTool(bodies)).toMatch(/binary/i)
  })

  test.each<[string, string, RegExp]>([
    ['zero matches', 'gamma', /not found|no match|does not occur/i],
    ['two matches', 'same', /2 (times|matches|occurrences)/i],
  ])('an edit with %s is refused with counts, and the file is untouched', async (_name, oldString, message) => {
    const file = path.join(e2e.sandbox.workspace, 'e.txt')
    await writeFile(file, 'same\nsame\nalpha\n')
    await chmod(file, 0o640)
    const {bodies} = await run(
      [{flavor: 'vllm', toolCalls: [{name: 'edit_file', arguments: {path: 'e.txt', old_string: oldString, new_string: 'X'}}]}, {flavor: 'vllm', text: 'ok'}],
      ['edit', '--bypass-permissions'],
    )
    expect(secondRequestTool(bodies)).toMatch(message)
    expect(await readFile(file, 'utf8')).toBe('same\nsame\nalpha\n')
  })

  test('an edit keeps CRLF line endings and the file mode', async () => {
    const file = path.join(e2e.sandbox.workspace, 'w.txt')
    await writeFile(file, 'one\r\ntwo\r\nthree\r\n')
    await chmod(file, 0o755)
    const {code} = await run(
      [{flavor: 'llamacpp', toolCalls: [{name: 'edit_file', arguments: {path: 'w.txt', old_string: 'two\nthree', new_string: 'TWO\nTHREE'}}]}, {flavor: 'llamacpp', text: 'ok'}],
      ['edit', '--bypass-permissions'],
    )
    expect(code).toBe(0)
    expect(await readFile(file, 'utf8')).toBe('one\r\nTWO\r\nTHREE\r\n')
    expect((await stat(file)).mode & 0o777).toBe(0o755)
  })
})

describe('endpoint failures: one clear line, exit 1', () => {
  test('a 500 reply shows the server message', async () => {
    const {code, stderr} = await run([{status: 500, body: {error: {code: 500, message: 'model crashed: out of memory', type: 'server_error'}}}], ['hi'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/127\.0\.0\.1.*model crashed: out of memory/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  test('connection refused names the URL and what to try', async () => {
    const closed = await startWireServer([])
    const url = closed.url
    await closed.close()
    const result = await e2e.sandbox.run(['run', 'hi', '--api', url, '--model', 'm'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(url.replace(/\/v1$/, ''))
    expect(result.stderr).toMatch(/refused/i)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  test('a server that closes mid-stream is a failed turn, not an empty answer', async () => {
    const {code, stdout, stderr} = await run([{flavor: 'llamacpp', text: 'I will now explain at length', closeMidStream: true, afterChunks: 2}], ['hi'])
    expect(code).toBe(1)
    expect(stderr.trim().split('\n').filter((l) => l.startsWith('lillycoder:'))).toHaveLength(1)
    expect(stdout).not.toContain('explain at length')
  })
})

describe('exit codes', () => {
  test('the step limit exits 3', async () => {
    await mkdir(path.join(e2e.sandbox.workspace, 'd'))
    const loop = {flavor: 'llamacpp' as const, toolCalls: [{name: 'list_dir', arguments: {path: 'd'}}]}
    const {code, stderr} = await run([loop, loop, loop], ['loop', '--max-steps', '2'])
    expect(code).toBe(3)
    expect(stderr).toMatch(/2 steps/)
  })

  test('a missing prompt is a usage error: exit 2', async () => {
    const result = await e2e.sandbox.run(['run'])
    expect(result.code).toBe(2)
  })

  test('the task can come from stdin with "-"', async () => {
    const {code, bodies} = await run([{flavor: 'ollama', text: 'ok'}], ['-'], {input: 'from stdin\n'})
    expect(code).toBe(0)
    expect(bodies[0].messages.at(-1)).toMatchObject({role: 'user', content: 'from stdin\n'})
  })
})

describe('--json when the run cannot start', () => {
  test('no server: stdout still has an error event and a done event; stderr has the one line', async () => {
    const result = await e2e.sandbox.run(['run', 'hi', '--json'])
    expect(result.code).toBe(1)
    const events = jsonLines(result.stdout)
    expect(events.map((e) => e.type)).toEqual(['error', 'done'])
    expect(events[0].message).toMatch(/No local model server answered/)
    expect(events[1]).toMatchObject({status: 'error', steps: 0})
    expect(result.stderr).toMatch(/^lillycoder: No local model server answered/)
  })
})

describe('https endpoints', () => {
  test('an https endpoint that does not answer is one line, not an internal error', async () => {
    const result = await e2e.sandbox.run(['run', 'hi', '--api', 'https://127.0.0.1:9/v1', '--model', 'qwen2.5-coder:7b'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^lillycoder: https:\/\/127\.0\.0\.1:9\/v1.*(refused|could not reach)/m)
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
  })
})
