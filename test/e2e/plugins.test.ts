/** Third-party tool plugins, linked into a real CLI the way a user installs them: the git plugin, and the failures plugins can bring. */
import {execFileSync} from 'node:child_process'
import {mkdir, realpath, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, test} from '@jest/globals'

import {useE2E} from '../support/e2e-context.js'
import {chatRequestBodies} from '../support/run-output.js'

const GIT_PLUGIN = fileURLToPath(new URL('../../plugins.example/git', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
const MODEL = ['--model', 'qwen2.5-coder:7b']

const e2e = useE2E()

async function link(dir: string): Promise<void> {
  // --no-install: the plugin resolves lillycoder, zod and execa from this checkout, as a plugin developer's link does.
  const result = await e2e.sandbox.run(['plugins', 'link', dir, '--no-install'])
  expect(result.stderr).not.toMatch(/Error/)
  expect(result.code).toBe(0)
}

interface ListedTool {
  name: string
  source: string
  mutates: boolean
  parameters: {type: string; properties: Record<string, unknown>}
}

interface ChatBody {
  messages: Array<{role: string; content: string}>
  tools?: Array<{function: {name: string}}>
}

/** The tool results the model saw in the request after request `index` (0-based), in order. */
function toolResultsBefore(index: number): string[] {
  const bodies = chatRequestBodies<ChatBody>(e2e.server)
  return bodies[index].messages.filter((message) => message.role === 'tool').map((message) => message.content)
}

/** A repository in the workspace with one commit, a.txt changed since. */
async function repositoryWithChange(): Promise<(...args: string[]) => string> {
  const git = (...args: string[]) => execFileSync('git', args, {cwd: e2e.sandbox.workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
  git('init', '--quiet', '--initial-branch=main')
  git('config', 'user.name', 'Test')
  git('config', 'user.email', 'test@example.com')
  await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'one\n')
  git('add', 'a.txt')
  git('commit', '--quiet', '-m', 'first')
  await writeFile(path.join(e2e.sandbox.workspace, 'a.txt'), 'changed\n')
  await writeFile(path.join(e2e.sandbox.workspace, '..', 'outside.txt'), 'not in the workspace\n')
  return git
}

async function userConfig(yaml: string): Promise<void> {
  const dir = path.join(e2e.sandbox.env.XDG_CONFIG_HOME ?? '', 'lillycoder')
  await mkdir(dir, {recursive: true})
  await writeFile(path.join(dir, 'config.yaml'), yaml)
}

// No repository above the sandbox may answer for a workspace that is not one.
const gitEnv = () => ({GIT_CEILING_DIRECTORIES: path.dirname(e2e.sandbox.workspace)})

describe('the git plugin (plugins.example/git), linked', () => {
  test('tools list shows the git tools with the plugin as their source', async () => {
    await link(GIT_PLUGIN)
    const json = await e2e.sandbox.run(['tools', 'list', '--json'])
    expect(json.code).toBe(0)
    expect(json.stderr).toBe('')
    const tools = JSON.parse(json.stdout) as ListedTool[]
    expect(tools.filter((tool) => tool.source === 'lillycoder-plugin-git').map((tool) => [tool.name, tool.mutates])).toEqual([
      ['git_status', false],
      ['git_diff', false],
      ['git_log', false],
      ['git_commit', true],
    ])
    expect(tools.find((tool) => tool.name === 'git_diff')?.parameters.properties).toEqual({
      staged: expect.objectContaining({type: 'boolean'}),
      path: expect.objectContaining({type: 'string'}),
      ref: expect.objectContaining({type: 'string'}),
    })
    expect(tools.find((tool) => tool.name === 'read_file')?.source).toBe('lillycoder')
    const table = await e2e.sandbox.run(['tools', 'list'])
    expect(table.stdout).toMatch(/^git_commit +yes +lillycoder-plugin-git +Commit the staged changes/m)
  })

  test('policy explain: git_commit asks, git_status allows, a commit outside the workspace is denied, a user deny rule holds', async () => {
    await link(GIT_PLUGIN)
    const explain = async (tool: string, args: unknown) => {
      const result = await e2e.sandbox.run(['policy', 'explain', tool, '--args', JSON.stringify(args), '--json'])
      expect(result.code).toBe(0)
      return JSON.parse(result.stdout) as Record<string, unknown>
    }
    expect(await explain('git_commit', {message: 'x', paths: ['a.txt']})).toMatchObject({decision: 'ask', code: 'default-mutating'})
    expect(await explain('git_status', {})).toMatchObject({decision: 'allow', code: 'default-read-only'})
    expect(await explain('git_commit', {message: 'x', paths: ['../outside.txt']})).toMatchObject({decision: 'deny', code: 'outside-workspace'})
    await userConfig('permissions:\n  deny: ["git_commit"]\n')
    expect(await explain('git_commit', {message: 'x'})).toMatchObject({decision: 'deny', rule: 'git_commit'})
  })

  test('driven by a model: status and diff run; the commit asks (refused headless), then commits with bypass; outside the workspace and nothing staged are refused', async () => {
    await link(GIT_PLUGIN)
    const git = await repositoryWithChange()
    await e2e.serve([
      {flavor: 'ollama', toolCalls: [{name: 'git_status', arguments: {}}, {name: 'git_diff', arguments: {}}, {name: 'git_commit', arguments: {message: 'Change a', paths: ['a.txt']}}]},
      {flavor: 'ollama', text: 'asked'},
      {
        flavor: 'ollama',
        toolCalls: [
          {name: 'git_commit', arguments: {message: 'Sneak', paths: ['../outside.txt']}},
          {name: 'git_commit', arguments: {message: 'Nothing staged'}},
          {name: 'git_commit', arguments: {message: 'Change a', paths: ['a.txt']}},
        ],
      },
      {flavor: 'ollama', text: 'committed'},
    ])
    const headless = await e2e.sandbox.run(['run', 'look and commit', '--api', e2e.server.url, ...MODEL], {env: gitEnv()})
    expect(headless.code).toBe(4)
    const [status, diff, gated] = toolResultsBefore(1)
    expect(status).toBe('## main\n M a.txt')
    expect(diff).toMatch(/^-one\n\+changed$/m)
    expect(gated).toMatch(/^Refused: no one to approve it/)
    expect(git('rev-list', '--count', 'HEAD').trim()).toBe('1')

    const bypass = await e2e.sandbox.run(['run', 'commit it', '--api', e2e.server.url, ...MODEL, '--bypass-permissions'], {env: gitEnv()})
    expect(bypass.code).toBe(0)
    const [outside, nothing, committed] = toolResultsBefore(3).slice(-3)
    const workspace = await realpath(e2e.sandbox.workspace)
    expect(outside).toMatch(new RegExp(`^Refused: git_commit may not change ${path.join(path.dirname(workspace), 'outside.txt')}`))
    expect(nothing).toMatch(/^Error: nothing is staged, so there is nothing to commit\./)
    const hash = git('rev-parse', '--short', 'HEAD').trim()
    expect(committed).toMatch(new RegExp(`^Committed ${hash}: Change a\\n a\\.txt +\\| 2 \\+-\\n 1 file changed`))
    expect(git('log', '--format=%s')).toBe('Change a\nfirst\n')
  })

  test('a user deny rule on git_commit holds even with --bypass-permissions', async () => {
    await link(GIT_PLUGIN)
    const git = await repositoryWithChange()
    await userConfig('permissions:\n  deny: ["git_commit"]\n')
    await e2e.serve([{flavor: 'ollama', toolCalls: [{name: 'git_commit', arguments: {message: 'Change a', paths: ['a.txt']}}]}, {flavor: 'ollama', text: 'denied'}])
    const result = await e2e.sandbox.run(['run', 'commit', '--api', e2e.server.url, ...MODEL, '--bypass-permissions'], {env: gitEnv()})
    expect(result.code).toBe(0)
    expect(toolResultsBefore(1)).toEqual([expect.stringMatching(/^Refused: .*git_commit/)])
    expect(git('rev-list', '--count', 'HEAD').trim()).toBe('1')
    expect(git('status', '--porcelain')).toBe(' M a.txt\n')
  })

  test('a workspace that is not a repository: a clear tool error to the model, the session goes on', async () => {
    await link(GIT_PLUGIN)
    await e2e.serve([{flavor: 'ollama', toolCalls: [{name: 'git_status', arguments: {}}]}, {flavor: 'ollama', text: 'no repo here'}])
    const result = await e2e.sandbox.run(['run', 'status', '--api', e2e.server.url, ...MODEL], {env: gitEnv()})
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe('no repo here')
    expect(toolResultsBefore(1)).toEqual([expect.stringMatching(/^Error: the workspace is not a git repository\. Git found no repository in .* Hint: do not use the git tools here/)])
  })
})

describe('plugins that misbehave do not sink the CLI', () => {
  test('a hook that throws: a warning naming the plugin; every other tool still works', async () => {
    await link(fixture('broken-plugin'))
    const result = await e2e.sandbox.run(['tools', 'list', '--json'])
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/plugin lillycoder-broken-fixture: its tools:register hook failed \(this plugin is broken on purpose\)/)
    expect((JSON.parse(result.stdout) as ListedTool[]).map((tool) => tool.name)).toContain('read_file')
  })

  test('a name clash and an invalid declaration are left out with the plugin named; its good tool is kept', async () => {
    await link(fixture('clashing-plugin'))
    const result = await e2e.sandbox.run(['tools', 'list', '--json'])
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/plugin lillycoder-clashing-fixture: tool "read_file" is already provided by lillycoder/)
    expect(result.stderr).toMatch(/plugin lillycoder-clashing-fixture: tool "NotSnakeCase" is invalid: name must be snake_case/)
    const tools = JSON.parse(result.stdout) as ListedTool[]
    expect(tools.filter((tool) => tool.name === 'read_file')).toEqual([expect.objectContaining({source: 'lillycoder'})])
    expect(tools.find((tool) => tool.name === 'say_hello')?.source).toBe('lillycoder-clashing-fixture')
  })

  test('every kind at once, in a session: one warning each, naming the plugin; the model gets every good tool and the run goes on', async () => {
    for (const name of ['load-error-plugin', 'odd-schema-plugin', 'clashing-plugin', 'second-hello-plugin']) await link(fixture(name))
    await link(GIT_PLUGIN)
    await e2e.serve([{flavor: 'ollama', toolCalls: [{name: 'odd_echo', arguments: {word: 'still here'}}]}, {flavor: 'ollama', text: 'done'}])
    const result = await e2e.sandbox.run(['run', 'echo', '--api', e2e.server.url, ...MODEL])
    expect(result.code).toBe(0)
    const warnings = result.stderr.split('\n').filter((line) => line.includes('warning: plugin '))
    expect(warnings).toEqual([
      expect.stringMatching(/plugin lillycoder-clashing-fixture: tool "read_file" is already provided by lillycoder;/),
      expect.stringMatching(/plugin lillycoder-clashing-fixture: tool "NotSnakeCase" is invalid/),
      expect.stringMatching(/plugin lillycoder-load-error-fixture: its tools:register hook failed \(this plugin fails while loading\)/),
      expect.stringMatching(/plugin lillycoder-odd-schema-fixture: tool "remind_at" has parameters that cannot be converted to JSON Schema \(Date cannot be represented/),
      expect.stringMatching(/plugin lillycoder-second-hello-fixture: tool "say_hello" is already provided by lillycoder-clashing-fixture;/),
      expect.stringMatching(/plugin lillycoder-second-hello-fixture: tool "git_log" is already provided by lillycoder-plugin-git;/),
    ])
    const [first] = chatRequestBodies<ChatBody>(e2e.server)
    const offered = (first.tools ?? []).map((tool) => tool.function.name)
    expect(offered).toEqual(expect.arrayContaining(['read_file', 'say_hello', 'odd_echo', 'git_status', 'git_log', 'git_commit']))
    expect(offered).not.toContain('remind_at')
    expect(offered.filter((name) => name === 'read_file' || name === 'say_hello' || name === 'git_log')).toHaveLength(3)
    expect(toolResultsBefore(1)).toEqual(['echo still here'])
  })
})

describe('tools show', () => {
  test('prints the full description and the JSON Schema', async () => {
    const result = await e2e.sandbox.run(['tools', 'show', 'edit_file'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^edit_file\s+\(mutates: asks before it runs; from lillycoder\)/)
    // The description's last words: it is printed whole, not cut to a summary.
    expect(result.stdout).toContain('occur once unless replace_all is true.')
    expect(result.stdout).toContain('"old_string"')
    expect(result.stdout).toContain('"required": [\n    "path",\n    "old_string",\n    "new_string"\n  ]')
  })

  test('an unknown tool is a usage error with a suggestion', async () => {
    const result = await e2e.sandbox.run(['tools', 'show', 'edit_files'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('lillycoder: no tool named "edit_files"; did you mean edit_file?')
  })
})
