/**
 * `@path` attachments and `!command` in the chat REPL, in a real pseudo-terminal (tmux) against the scripted
 * server: what the recorded requests carry, what the screen says, and what never runs.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {readdir, readFile, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {seeProcess, sleep, waitUntilGone} from '../support/process-probes.js'
import {findProcessNamed, namedSleeperCommand, pidNamespaceDepth, sleeperMarker} from '../support/sandboxed-processes.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {chatRequestBodies} from '../support/run-output.js'
import {TmuxSession} from '../support/tmux.js'
import {startWireServer, type WireServer, type WireTurn} from '../support/wire-server.js'

let sandbox: Sandbox
let server: WireServer | undefined
let term: TmuxSession | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await term?.kill()
  await server?.close()
  term = undefined
  server = undefined
  await sandbox.cleanup()
})

type Body = {messages: Array<{role: string; content: string}>}
const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const file = (name: string) => path.join(sandbox.workspace, name)
const exists = (name: string) => stat(file(name)).then(() => true, () => false)
const lastUserMessage = () => chatRequestBodies<Body>(server!).at(-1)?.messages.filter((m) => m.role === 'user').at(-1)?.content

async function startChat(turns: WireTurn[]): Promise<TmuxSession> {
  server = await startWireServer(turns)
  term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b'], {cwd: sandbox.workspace, env: sandbox.env})
  await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
  return term
}

/** The saved session's lines (JSONL under the state dir), once one holds `text`. */
async function sessionFileHolding(text: string): Promise<string> {
  const dir = path.join(sandbox.env.XDG_STATE_HOME!, 'lillycoder', 'sessions')
  const deadline = Date.now() + 20_000
  for (;;) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const content = await readFile(path.join(dir, name), 'utf8')
      if (content.includes(text)) return content
    }
    if (Date.now() >= deadline) throw new Error(`no session file under ${dir} holds ${text}`)
    await sleep(50)
  }
}

describe('@path in a message', () => {
  test('the request carries the file under its path; the screen says what was attached', async () => {
    await writeFile(file('a.txt'), 'alpha\nbeta\n')
    const t = await startChat([answer('It says alpha and beta.')])
    await t.typeLine('look at @a.txt')
    await t.waitFor(/attached a\.txt \(2 lines, 11 B\)[\s\S]*It says alpha and beta\./)
    expect(lastUserMessage()).toBe('look at @a.txt\n\na.txt (2 lines):\n```txt\nalpha\nbeta\n```')
  })

  test('a missing file: one line naming it, nothing sent; the fixed message goes', async () => {
    await writeFile(file('a.txt'), 'alpha\n')
    const t = await startChat([answer('Got it.')])
    await t.typeLine('look at @src/typo.txt')
    await t.waitFor(/no file src\/typo\.txt in the workspace \(@src\/typo\.txt\); nothing was sent/)
    expect(chatRequestBodies(server!)).toHaveLength(0)
    // ↑ brings the message back to fix; here it is cleared and typed again.
    await t.press('Up')
    await t.waitFor(/nothing was sent.*\n› look at @src\/typo\.txt/)
    await t.press('C-u')
    await t.typeLine('look at @a.txt')
    await t.waitFor(/Got it\./)
    expect(chatRequestBodies(server!)).toHaveLength(1)
    expect(lastUserMessage()).toContain('a.txt (1 line):\n```txt\nalpha\n```')
  })
})

describe('@path and the context window', () => {
  test('a message whose attachment cannot fit the context is refused before sending, with one line', async () => {
    await writeFile(file('a.txt'), 'alpha\n')
    await writeFile(file('big.txt'), `${'word '.repeat(19)}\n`.repeat(600))
    server = await startWireServer([answer('Small one read.')])
    term = await TmuxSession.start([process.execPath, CLI, '--api', server.url, '--model', 'qwen2.5-coder:7b', '--context', '8192'], {cwd: sandbox.workspace, env: sandbox.env})
    const t = term
    await t.waitFor(/lillycoder · qwen2\.5-coder:7b/)
    await t.typeLine('read @a.txt')
    await t.waitFor(/Small one read\./)
    await t.typeLine('summarise @big.txt')
    await t.waitFor(/attached big\.txt \(600 lines, 56\.3 KB\)[\s\S]*this message is ~\S+ tokens with its attachments, more than the model's 8k context; nothing was sent: ask the model to read the part it needs instead/)
    expect(chatRequestBodies(server)).toHaveLength(1)
  })
})

describe('!command', () => {
  test('shows the output; the next request carries it, and the session file keeps it', async () => {
    const t = await startChat([answer('You printed hi.')])
    await t.typeLine('!echo hi')
    await t.waitFor(/Exit code 0\.\s+stdout:\s+hi/)
    expect(chatRequestBodies(server!)).toHaveLength(0)
    await t.typeLine('what did I print?')
    await t.waitFor(/You printed hi\./)
    expect(lastUserMessage()).toBe('I ran `echo hi` myself:\nExit code 0.\nstdout:\nhi\n\nwhat did I print?')
    expect(await sessionFileHolding('I ran `echo hi` myself')).toContain('what did I print?')
  })

  test('a slow command shows its latest lines and a seconds counter while it runs, then its whole output', async () => {
    const t = await startChat([])
    await t.typeLine('!for i in 1 2 3 4 5 6; do echo line$i; sleep 0.4; done')
    // Mid-run: the counter past a second with lines under it, before the result is printed.
    const during = await t.waitFor(/^ {2}\S [1-9]\d*\.\ds\n {4}line\d\n {4}line\d$/m)
    expect(during).not.toMatch(/Exit code/)
    const after = await t.waitFor(/Exit code 0\.\s+stdout:\s+line1\s+line2\s+line3\s+line4\s+line5\s+line6/)
    expect(after).not.toMatch(/^ {2}\S \d+\.\ds$/m)
  })

  test('a hard-denied command is refused with the reason and nothing runs', async () => {
    const t = await startChat([])
    await t.typeLine('!touch ran.txt; rm -rf /')
    await t.waitFor(/refused: .* is never run by lillycoder/)
    expect(await exists('ran.txt')).toBe(false)
    expect(chatRequestBodies(server!)).toHaveLength(0)
  })

  test('a file it created is undone by /undo', async () => {
    const t = await startChat([])
    await t.typeLine('!echo made > made.txt')
    await t.waitFor(/Exit code 0\./)
    expect(await exists('made.txt')).toBe(true)
    await t.typeLine('/undo')
    await t.waitFor(/undid turn 1, 1 file:\s+made\.txt/)
    expect(await exists('made.txt')).toBe(false)
  })

  test('runs in the sandbox the bash tool uses; Ctrl-C kills its process group and the prompt comes back', async () => {
    const t = await startChat([])
    const marker = sleeperMarker()
    await t.typeLine(`!${namedSleeperCommand(marker)}`)
    const sleeper = await seeProcess(await findProcessNamed(marker))
    // A PID namespace deeper than ours: bubblewrap's, as for the model's commands.
    expect(await pidNamespaceDepth(sleeper.pid)).toBeGreaterThan(await pidNamespaceDepth(process.pid))
    await t.press('C-c')
    await t.waitFor(/Cancelled; the command and every process it started were killed\.[\s\S]*stopped; the output so far goes to the model/)
    expect(await waitUntilGone(sleeper)).toBe(true)
    await t.typeLine('!echo back')
    await t.waitFor(/stdout:\s+back/)
  })

  test('a write outside the workspace is blocked by the sandbox', async () => {
    const outside = path.join(sandbox.home, 'escaped.txt')
    const t = await startChat([])
    await t.typeLine(`!echo x > ${outside}`)
    await t.waitFor(/Exit code [1-9][\s\S]*[Rr]ead-only file system/)
    await expect(stat(outside)).rejects.toThrow(/ENOENT/)
  })

  test('! alone prints one line of help; /help lists both', async () => {
    const t = await startChat([])
    await t.typeLine('!')
    await t.waitFor(/!command\s+run a shell command yourself/)
    await t.typeLine('/help')
    await t.waitFor(/@path\s+attach a workspace file[\s\S]*!command\s+run a shell command yourself[\s\S]*Anything else is sent to the model/)
  })
})
