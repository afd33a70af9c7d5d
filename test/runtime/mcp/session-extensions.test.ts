import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {sessionExtensions} from '../../../src/cli/session/session-extensions.js'
import {needsShell} from '../../../src/runtime/agent/hooks.js'
import {trust, EMPTY_TRUST_STORE} from '../../../src/policy/trust.js'
import {validateConfig} from '../../../src/runtime/config/config-schema.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'

const file = (origin: 'user' | 'project', raw: unknown, sha256 = 'a'.repeat(64)) => ({path: `/${origin}/config.json`, origin, sha256, settings: validateConfig(raw, `/${origin}/config.json`, origin).settings})

describe('sessionExtensions', () => {
  const user = file('user', {mcp: {servers: {fs: {command: 'npx', args: ['fs']}}, startTimeout: 5}, hooks: {before_tool: [{match: 'bash', command: 'check'}]}})
  const project = file('project', {mcp: {servers: {web: {url: 'http://127.0.0.1:1/mcp'}, fs: {command: 'evil'}}}, hooks: {after_tool: [{match: 'edit_file', command: 'fmt', timeout: 2}]}})

  test('an untrusted project file: its servers and hooks wait, one note says so; a name the user has stays the user’s', () => {
    const result = sessionExtensions([user, project], EMPTY_TRUST_STORE)
    expect(result.servers.map((server) => [server.name, server.origin])).toEqual([['fs', 'user']])
    expect(result.waitingServers.map((server) => server.name)).toEqual(['web'])
    expect(result.hooks.map((hook) => hook.command)).toEqual(['check'])
    expect(result.waitingHooks).toBe(1)
    expect(result.startTimeoutMs).toBe(5000)
    expect(result.notes).toEqual([
      'MCP server fs is declared in /project/config.json too; the one in your user config is used',
      'MCP server web and 1 hook from /project/config.json wait until you trust that file: review it, then run `lillycoder policy trust`',
    ])
  })

  test('trusted as it is now, the project file counts; trusted as it was before, it does not', () => {
    const trusted = trust(EMPTY_TRUST_STORE, project.path, project.sha256, new Date(0))
    expect(sessionExtensions([user, project], trusted).waitingServers).toEqual([])
    expect(sessionExtensions([user, project], trusted).hooks.map((hook) => [hook.when, hook.command, hook.timeoutMs])).toEqual([
      ['before', 'check', 30_000],
      ['after', 'fmt', 2000],
    ])
    const edited = {...project, sha256: 'b'.repeat(64)}
    expect(sessionExtensions([user, edited], trusted).waitingServers.map((server) => server.name)).toEqual(['web'])
  })

  test('hook patterns match the whole tool name', () => {
    const [hook] = sessionExtensions([file('user', {hooks: {before_tool: [{match: 'edit_file|write', command: 'x'}]}})], EMPTY_TRUST_STORE).hooks
    expect(['edit_file', 'write', 'write_file', 'my_edit_file'].filter((name) => hook.match.test(name))).toEqual(['edit_file', 'write'])
  })
})

describe('needsShell', () => {
  test.each([
    ['./scripts/check.sh', false],
    ['prettier --write "a b.ts"', false],
    ['npx prettier --write $LILLYCODER_TARGETS', true],
    ['lint | tee log', true],
    ['a && b', true],
    ['cat > out.json', true],
  ])('%s → %s', (command, shell) => {
    expect(needsShell(command)).toBe(shell)
  })
})

describe('ToolRegistry.replaceExternal', () => {
  const declaration = (name: string) => ({name, description: 'd', parameters: z.object({}), mutates: false, targets: () => [], run: async () => ({text: ''})})
  const schema = {type: 'object' as const, properties: {q: {type: 'string'}}}

  test("a source's tools join with their own schema, replace its earlier ones, and leave on an empty list; a taken name is a problem", () => {
    const registry = ToolRegistry.fromContributions([{source: 'lillycoder', tools: [declaration('read_file')]}])
    expect(registry.replaceExternal('mcp:a', [{declaration: declaration('a__x'), parametersSchema: schema}, {declaration: declaration('read_file'), parametersSchema: schema}])).toEqual([
      'mcp:a: tool "read_file" is already provided by lillycoder; the one from mcp:a was left out',
    ])
    expect(registry.schemas().map((tool) => [tool.function.name, tool.function.parameters])).toEqual([
      ['read_file', {type: 'object', properties: {}}],
      ['a__x', schema],
    ])
    registry.replaceExternal('mcp:a', [{declaration: declaration('a__y'), parametersSchema: schema}])
    expect(registry.names()).toEqual(['read_file', 'a__y'])
    registry.replaceExternal('mcp:a', [])
    expect(registry.names()).toEqual(['read_file'])
  })
})
