/** Third-party tool plugins, linked into a real CLI the way a user installs them, and the failures they can bring. */
import {describe, expect, test} from '@jest/globals'
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {useE2E} from '../support/e2e-context.js'

const EXAMPLE = fileURLToPath(new URL('../../plugins.example', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

const e2e = useE2E()

async function link(dir: string): Promise<void> {
  // --no-install: the plugin resolves zod from this checkout, as a plugin developer's link does.
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

describe('the example plugin (plugins.example)', () => {
  test('its tools are listed with their plugin as the source', async () => {
    await link(EXAMPLE)
    const result = await e2e.sandbox.run(['tools', 'list', '--json'])
    expect(result.code).toBe(0)
    const tools = JSON.parse(result.stdout) as ListedTool[]
    const mine = tools.filter((tool) => tool.source === 'lillycoder-plugin-example')
    expect(mine.map((tool) => [tool.name, tool.mutates])).toEqual([
      ['count_lines', false],
      ['append_changelog', true],
    ])
    expect(mine[0].parameters).toMatchObject({type: 'object', properties: {path: {type: 'string'}}})
    expect(tools.find((tool) => tool.name === 'read_file')?.source).toBe('lillycoder')
  })

  test('the model can call them; the mutating one asks like a builtin (refused headless, runs with bypass)', async () => {
    await link(EXAMPLE)
    await writeFile(path.join(e2e.sandbox.workspace, 'three.txt'), 'a\nb\nc\n')
    await e2e.serve([
      {flavor: 'ollama', toolCalls: [{name: 'count_lines', arguments: {path: 'three.txt'}}, {name: 'append_changelog', arguments: {entry: 'Counted lines'}}]},
      {flavor: 'ollama', text: 'first done'},
      {flavor: 'ollama', toolCalls: [{name: 'append_changelog', arguments: {entry: 'Counted lines'}}]},
      {flavor: 'ollama', text: 'second done'},
    ])
    const headless = await e2e.sandbox.run(['run', 'count', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
    expect(headless.code).toBe(4)
    const chat = e2e.server.requests.filter((r) => r.path.startsWith('/v1/chat/completions'))
    const results = (chat[1].body as {messages: Array<{role: string; content: string}>}).messages.filter((m) => m.role === 'tool')
    expect(results.map((m) => m.content)).toEqual(['three.txt has 3 lines.', expect.stringContaining('no one to approve it')])
    const bypass = await e2e.sandbox.run(['run', 'log it', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions'])
    expect(bypass.code).toBe(0)
    expect(await readFile(path.join(e2e.sandbox.workspace, 'CHANGELOG.md'), 'utf8')).toBe('- Counted lines\n')
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
