/**
 * AGENTS.md end to end: the built CLI finds the files from the git root down to the workspace and sends them in the
 * first request's system message, cut at the limit with the cut said in the prompt and once on screen; /init in
 * the REPL asks the model for a starter AGENTS.md, which is written only through the usual gate.
 */
import {describe, expect, test} from '@jest/globals'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {CLI} from '../support/run-cli.js'
import {chatRequestBodies} from '../support/run-output.js'
import {TmuxSession} from '../support/tmux.js'

const e2e = useE2E()

type Body = {messages: Array<{role: string; content: string}>}
const systemOfFirstRequest = () => chatRequestBodies<Body>(e2e.server)[0].messages[0]

async function runTask(extra: string[] = [], cwd?: string) {
  return e2e.sandbox.run(['run', 'hello', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', ...extra], {cwd})
}

describe('AGENTS.md in the system prompt', () => {
  test('the repo root file and the workspace file both reach the first request, outermost first; a file above the git root does not', async () => {
    const {workspace} = e2e.sandbox
    const repo = path.join(workspace, 'repo')
    const app = path.join(repo, 'packages', 'app')
    await mkdir(path.join(repo, '.git'), {recursive: true})
    await mkdir(app, {recursive: true})
    await writeFile(path.join(workspace, 'AGENTS.md'), 'OUTSIDE-THE-REPO\n')
    await writeFile(path.join(repo, 'AGENTS.md'), 'Run tests with `pnpm test`. ROOT-MARK\n')
    await writeFile(path.join(app, 'AGENTS.md'), 'This package uses tabs. APP-MARK\n')
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    const {code, stderr} = await runTask([], app)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const system = systemOfFirstRequest()
    expect(system.role).toBe('system')
    expect(system.content).toContain('## Project instructions (AGENTS.md)')
    expect(system.content).not.toContain('OUTSIDE-THE-REPO')
    const root = system.content.indexOf('### ../../AGENTS.md\nRun tests with `pnpm test`. ROOT-MARK')
    const nearest = system.content.indexOf('### AGENTS.md\nThis package uses tabs. APP-MARK')
    expect(root).toBeGreaterThan(0)
    expect(nearest).toBeGreaterThan(root)
  })

  test('no AGENTS.md: no section', async () => {
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    expect((await runTask()).code).toBe(0)
    expect(systemOfFirstRequest().content).not.toContain('Project instructions')
  })

  test('over the cap (agentsMdLimit from the user config): cut in the prompt with the cut said, and one line on screen', async () => {
    const {workspace, home} = e2e.sandbox
    await mkdir(path.join(home, '.config', 'lillycoder'), {recursive: true})
    await writeFile(path.join(home, '.config', 'lillycoder', 'config.yaml'), 'agentsMdLimit: 1024\n')
    await writeFile(path.join(workspace, 'AGENTS.md'), `FIRST-LINE\n${'filler line of project rules\n'.repeat(100)}LAST-LINE\n`)
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    const {code, stderr} = await runTask()
    expect(code).toBe(0)
    const system = systemOfFirstRequest().content
    expect(system).toContain('FIRST-LINE')
    expect(system).not.toContain('LAST-LINE')
    expect(system).toMatch(/\[AGENTS\.md cut here: the first 1 KB of 2\.\d KB are shown; read the files with read_file for the rest\]/)
    const warnings = stderr.split('\n').filter((line) => line.includes('AGENTS.md'))
    expect(warnings).toEqual([expect.stringMatching(/AGENTS\.md is 2\.\d KB; only the first 1 KB went into the system prompt \(raise agentsMdLimit in your config\)/)])
  })

  test('the default cap is 8 KB', async () => {
    await writeFile(path.join(e2e.sandbox.workspace, 'AGENTS.md'), `${'x'.repeat(8 * 1024 + 100)}\n`)
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    const {stderr} = await runTask()
    expect(stderr).toMatch(/only the first 8 KB went into the system prompt/)
    expect(systemOfFirstRequest().content).toContain('[AGENTS.md cut here: the first 8 KB of')
  })

  test.each([
    ['a negative limit', 'agentsMdLimit: -5\n', 'agentsMdLimit: must be a positive number of bytes'],
    ['text', 'agentsMdLimit: lots\n', 'agentsMdLimit: must be a number of bytes'],
  ])('a bad agentsMdLimit (%s) is one line naming the key, exit 2', async (_name, yaml, message) => {
    const dir = path.join(e2e.sandbox.home, '.config', 'lillycoder')
    await mkdir(dir, {recursive: true})
    await writeFile(path.join(dir, 'config.yaml'), yaml)
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    const {code, stderr} = await runTask()
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(message)])
  })
})

describe('/init', () => {
  test('asks the model for a starter AGENTS.md; the write goes through the gate and lands only after y', async () => {
    const starter = '# AGENTS.md\n\n## Build and test\n\n- `npm test`\n'
    await e2e.serve([
      {flavor: 'llamacpp', toolCalls: [{name: 'write_file', arguments: {path: 'AGENTS.md', content: starter}}]},
      {flavor: 'llamacpp', text: 'Wrote AGENTS.md.'},
    ])
    const term = await TmuxSession.start([process.execPath, CLI, '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'], {cwd: e2e.sandbox.workspace, env: e2e.sandbox.env})
    try {
      await term.waitFor(/lillycoder · qwen2\.5-coder:7b/)
      await term.typeLine('/init')
      await term.waitFor(/wants to: write_file: AGENTS\.md/)
      await term.waitFor(/\[y\]es/)
      const asked = chatRequestBodies<Body>(e2e.server)[0].messages.at(-1)
      expect(asked?.role).toBe('user')
      expect(asked?.content).toMatch(/^Write a starter AGENTS\.md for this project/)
      await expect(readFile(path.join(e2e.sandbox.workspace, 'AGENTS.md'), 'utf8')).rejects.toThrow('ENOENT')
      await term.typeLine('y')
      await term.waitFor(/Wrote AGENTS\.md\./)
      expect(await readFile(path.join(e2e.sandbox.workspace, 'AGENTS.md'), 'utf8')).toBe(starter)
    } finally {
      await term.kill()
    }
  }, 60_000)
})
