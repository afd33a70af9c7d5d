/**
 * The built CLI, headless, on the agent loop's own behaviour: the nudge after a reply that announces work
 * without a call, the refusal of a task that alone cannot fit the context, and closing its connections when
 * the session ends. A real child process against scripted servers on 127.0.0.1.
 */
import {describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {mkdir, writeFile} from 'node:fs/promises'
import {createServer, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {CLI} from '../support/run-cli.js'
import type {WireTurn} from '../support/wire-server.js'
import {chatRequestBodies, jsonLines} from '../support/run-output.js'

const e2e = useE2E()

const NUDGE = 'Go ahead: make the tool call now, or say what you need from me.'

interface ChatBody {
  messages: Array<{role: string; content: string | null}>
}

async function runJson(turns: WireTurn[], args: string[] = ['make hello.txt'], input?: string) {
  await e2e.serve(turns)
  const result = await e2e.sandbox.run(['run', ...args, '--json', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'], {input})
  return {...result, events: jsonLines(result.stdout), bodies: chatRequestBodies<ChatBody>(e2e.server)}
}

describe('the nudge', () => {
  test('a reply that announces work without a call gets one nudge, and the model goes on to make the call', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'alpha\n')
    const {code, events, bodies} = await runJson([
      {flavor: 'llamacpp', text: "I'll read the file now…"},
      {flavor: 'llamacpp', toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}]},
      {flavor: 'llamacpp', text: 'It says alpha.'},
    ])
    expect(code).toBe(0)
    expect(events.filter((event) => event.type === 'nudge')).toEqual([{type: 'nudge', message: NUDGE}])
    expect(bodies).toHaveLength(3)
    expect(bodies[1].messages.slice(-2)).toEqual([
      {role: 'assistant', content: "I'll read the file now…"},
      {role: 'user', content: NUDGE},
    ])
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered', text: 'It says alpha.'})
  })

  test('at most once per user turn: a second announcement ends the turn', async () => {
    const {code, events, bodies} = await runJson([
      {flavor: 'ollama', text: "I'll create the file now."},
      {flavor: 'ollama', text: 'Let me write it now…'},
    ])
    expect(code).toBe(0)
    expect(bodies).toHaveLength(2)
    expect(events.filter((event) => event.type === 'nudge')).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered', text: 'Let me write it now…'})
  })

  test.each([
    ['a final answer', 'Done. I created hello.txt.'],
    ['a question to the user', 'Should I create hello.txt in the project root?'],
    ['a summary', 'Here is the summary: hello.txt holds the greeting.'],
  ])('no nudge after %s', async (_what, text) => {
    const {code, events, bodies} = await runJson([{flavor: 'vllm', text}])
    expect(code).toBe(0)
    expect(bodies).toHaveLength(1)
    expect(events.some((event) => event.type === 'nudge')).toBe(false)
  })

  test('`nudge: false` in the config turns it off', async () => {
    const configDir = path.join(e2e.sandbox.home, '.config', 'lillycoder')
    await mkdir(configDir, {recursive: true})
    await writeFile(path.join(configDir, 'config.yaml'), 'nudge: false\n')
    const {code, stderr, events, bodies} = await runJson([{flavor: 'llamacpp', text: "I'll create the file now…"}])
    expect(stderr).not.toMatch(/unknown key/)
    expect(code).toBe(0)
    expect(bodies).toHaveLength(1)
    expect(events.some((event) => event.type === 'nudge')).toBe(false)
  })

  test('a config value that is not true or false is an error naming the key', async () => {
    const configDir = path.join(e2e.sandbox.home, '.config', 'lillycoder')
    await mkdir(configDir, {recursive: true})
    await writeFile(path.join(configDir, 'config.yaml'), 'nudge: sometimes\n')
    const {code, stderr} = await runJson([{flavor: 'llamacpp', text: 'Done.'}])
    expect(code).toBe(2)
    expect(stderr).toMatch(/nudge.*must be true or false/)
  })

  test('the plain transcript shows the nudge as one line on stderr', async () => {
    await e2e.serve([
      {flavor: 'llamacpp', text: "I'll create the file now…"},
      {flavor: 'llamacpp', text: 'Done. I made nothing after all.'},
    ])
    const {code, stdout, stderr} = await e2e.sandbox.run(['run', 'make it', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
    expect(code).toBe(0)
    expect(stderr).toContain(`nudged: ${NUDGE}`)
    expect(stdout).toBe('Done. I made nothing after all.\n')
  })
})

describe('a task that alone cannot fit the context', () => {
  // 3,000 lines of a log, ≈ 246 KB: far past an 8k context whatever is compacted.
  const bigPaste = Array.from({length: 3000}, (_, i) => `2026-12-07T10:${String(i % 60).padStart(2, '0')}:00Z worker-${i % 7} processed batch ${i} in ${i * 3} ms ok`).join('\n')

  test('run - refuses it with its size against the window, exits 2 and sends nothing', async () => {
    await e2e.serve([{flavor: 'llamacpp', text: 'never sent'}])
    const {code, stdout, stderr} = await e2e.sandbox.run(['run', '-', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--context', '8192'], {input: bigPaste})
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/this message is ~\d+(\.\d)?k tokens; the model's context is 8k, so it was not sent: send less of it, or save it in a file/)
    expect(stderr).not.toMatch(/\/(compact|clear)/)
    expect(stderr).not.toMatch(/compacted/)
    expect(chatRequestBodies(e2e.server)).toHaveLength(0)
  })

  test('with --json it is an error event and a done with status too_large', async () => {
    await e2e.serve([])
    const {code, stdout} = await e2e.sandbox.run(['run', '-', '--json', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--context', '8192'], {input: bigPaste})
    expect(code).toBe(2)
    const events = jsonLines(stdout)
    expect(events.map((event) => event.type)).toEqual(['error', 'done'])
    expect(events[1]).toMatchObject({status: 'too_large', steps: 0})
  })

  test('a task that fits is sent as usual', async () => {
    const {code, bodies} = await runJson([{flavor: 'llamacpp', text: 'Fine.'}], ['-', '--context', '8192'], bigPaste.slice(0, 8000))
    expect(code).toBe(0)
    expect(bodies).toHaveLength(1)
  })
})

describe('the end of the session', () => {
  /**
   * A server that keeps connections alive and answers with a reply longer than a pipe holds. The test reads
   * none of the CLI's stdout until the server has seen the client end the chat connection: a CLI that only
   * lets go of its sockets at exit would block writing the answer, and the connection would never end.
   */
  test('run closes its connection to the server itself, before it prints the answer', async () => {
    const answer = 'x'.repeat(300_000)
    let chatSocket: Socket | undefined
    let resolveEnded: () => void = () => {}
    const ended = new Promise<void>((resolve) => (resolveEnded = resolve))
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        if (req.url === '/v1/models') return json(res, {object: 'list', data: [{id: 'qwen2.5-coder:7b', object: 'model', owned_by: 'me'}]})
        if (req.url !== '/v1/chat/completions') return json(res, {error: 'not here'}, 404)
        chatSocket = req.socket
        chatSocket.on('end', resolveEnded) // the client's FIN
        res.writeHead(200, {'Content-Type': 'text/event-stream', Connection: 'keep-alive', 'Keep-Alive': 'timeout=600'})
        const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({choices: [{index: 0, delta, finish_reason: finish}]})}\n\n`
        res.end(`${chunk({content: answer}, null)}${chunk({}, 'stop')}data: [DONE]\n\n`)
      })
    })
    server.keepAliveTimeout = 600_000
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
    const child = spawn(process.execPath, [CLI, 'run', 'say x', '--api', url, '--model', 'qwen2.5-coder:7b', '--context', '8192'], {
      cwd: e2e.sandbox.workspace,
      env: e2e.sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.pause()
    let exitedAt: string | undefined
    child.on('exit', (code) => (exitedAt ??= `exited with ${code}`))
    try {
      await ended
      // The answer cannot have been written yet (nobody reads it), so the CLI is still running: it let go itself.
      expect(exitedAt).toBeUndefined()
      let stdout = ''
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
      child.stdout.resume()
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect({code, stderr}).toEqual({code: 0, stderr: ''})
      expect(stdout).toBe(`${answer}\n`)
    } finally {
      child.kill('SIGKILL')
      server.closeAllConnections()
      server.close()
    }
  })
})

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, {'Content-Type': 'application/json'})
  res.end(JSON.stringify(value))
}
