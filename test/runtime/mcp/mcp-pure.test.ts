import {beforeAll, describe, expect, test} from '@jest/globals'

import {compileParameters, loadJsonSchemaValidator} from '../../../src/runtime/mcp/json-schema-arguments.js'
import {MAX_TOOLS_PER_SERVER, mcpToolDeclarations} from '../../../src/runtime/mcp/mcp-declarations.js'
import {mcpResultText} from '../../../src/runtime/mcp/mcp-result.js'
import {pathArgumentsOf, pathTargets} from '../../../src/runtime/mcp/mcp-targets.js'
import {mcpToolName} from '../../../src/runtime/mcp/mcp-tool-name.js'
import {validateArguments} from '../../../src/runtime/tools/call-arguments.js'
import {TOOL_NAME_PATTERN} from '../../../src/runtime/tools/tool-name.js'

beforeAll(() => loadJsonSchemaValidator())

describe('mcpToolName', () => {
  test.each([
    ['fs', 'read_file', 'fs__read_file'],
    ['GitHub', 'create-issue', 'github__create_issue'],
    ['my.server', 'Do Thing!', 'my_server__do_thing'],
    ['9lives', 'x', 'm9lives__x'],
    ['s', '日本語', 's__x'],
  ])('%s + %s → %s', (server, tool, name) => {
    expect(mcpToolName(server, tool)).toBe(name)
  })

  test('a long name is cut to 64 characters, and two that differ only at the end stay apart', () => {
    const a = mcpToolName('server', `${'a'.repeat(80)}_one`)
    const b = mcpToolName('server', `${'a'.repeat(80)}_two`)
    expect(a).toMatch(TOOL_NAME_PATTERN)
    expect(a).toHaveLength(64)
    expect(a).not.toBe(b)
  })
})

describe('path targets', () => {
  test('only path-like arguments the schema declares', () => {
    expect(pathArgumentsOf({path: {}, content: {}, paths: {}, query: {}})).toEqual(['path', 'paths'])
    expect(pathArgumentsOf({query: {}})).toEqual([])
  })

  test.each([
    [{path: 'a.txt'}, ['path'], [{kind: 'path', path: 'a.txt'}]],
    [{paths: ['a', 'b', 3]}, ['paths'], [{kind: 'path', path: 'a'}, {kind: 'path', path: 'b'}]],
    [{file: ''}, ['file'], []],
    [{directory: 'src', path: 'x'}, ['directory'], [{kind: 'path', path: 'src'}]],
  ])('%j with %j → %j', (args, names, targets) => {
    expect(pathTargets(args, names)).toEqual(targets)
  })
})

describe('mcpResultText', () => {
  test.each([
    [{content: [{type: 'text', text: 'a'}, {type: 'text', text: 'b'}]}, 'a\nb', false],
    [{content: [{type: 'image', mimeType: 'image/png', data: 'AAAA'}]}, '[image: image/png, 3 bytes — not shown to the model]', false],
    [{content: [{type: 'resource', resource: {uri: 'file:///x', text: 'secret'}}]}, '[resource: file:///x — not shown to the model]', false],
    [{content: [{type: 'resource_link', uri: 'file:///y', name: 'y'}]}, '[resource link: file:///y (y)]', false],
    [{content: [{type: 'text', text: 'bad'}], isError: true}, 'bad', true],
    [{content: [], structuredContent: {n: 1}}, '{"n":1}', false],
    [{content: []}, '(no content)', false],
    ['nonsense', '(the server returned no result object)', true],
  ])('%j', (result, text, isError) => {
    expect(mcpResultText(result)).toEqual({text, isError})
  })
})

describe('compileParameters', () => {
  const schema = {type: 'object', properties: {path: {type: 'string'}, n: {type: 'integer', minimum: 1}}, required: ['path'], additionalProperties: false}

  test.each([
    [{path: 'a', n: 2}, undefined],
    [{}, 'path: required'],
    [{path: 1}, 'path: must be string'],
    [{path: 'a', n: 0}, 'n: must be >= 1'],
    [{path: 'a', extra: true}, 'arguments: unknown key "extra"'],
  ])('%j → %s', (args, problem) => {
    const {parameters} = compileParameters(schema)
    const checked = validateArguments(parameters, args)
    expect(checked.ok ? undefined : checked.message).toBe(problem)
  })

  test('the JSON Schema is sent as the server wrote it, without $schema', () => {
    expect(compileParameters({$schema: 'http://json-schema.org/draft-07/schema#', ...schema}).jsonSchema).toEqual(schema)
  })

  test.each([
    [{type: 'array'}, 'must have type "object"'],
    [[], 'not a JSON object'],
    [{type: 'object', properties: 3}, 'properties must be a mapping'],
    [{type: 'object', properties: {a: {type: 'no-such-type'}}}, 'does not compile'],
  ])('an unusable schema %j throws: %s', (bad, words) => {
    expect(() => compileParameters(bad)).toThrow(words)
  })
})

describe('mcpToolDeclarations', () => {
  const call = async () => ({content: [{type: 'text', text: 'ran'}]})
  const tool = (name: string, extra: Record<string, unknown> = {}) => ({name, description: `${name}.`, inputSchema: {type: 'object', properties: {path: {type: 'string'}}}, ...extra})

  test('mutates unless the server says readOnlyHint: true', () => {
    const {tools} = mcpToolDeclarations('s', [tool('a', {annotations: {readOnlyHint: true}}), tool('b', {annotations: {readOnlyHint: false}}), tool('c')], {call})
    expect(tools.map((entry) => [entry.declaration.name, entry.declaration.mutates])).toEqual([
      ['s__a', false],
      ['s__b', true],
      ['s__c', true],
    ])
  })

  test('the allowlist keeps only the named tools; a name the server lacks is a problem', () => {
    const {tools, problems} = mcpToolDeclarations('s', [tool('a'), tool('b')], {allow: ['b', 'zzz'], call})
    expect(tools.map((entry) => entry.remoteName)).toEqual(['b'])
    expect(problems).toEqual(['MCP server s has no tool "zzz" (from mcp.servers.s.tools)'])
  })

  test('a bad schema or a nameless tool is left out with a problem; the rest stay', () => {
    const {tools, problems} = mcpToolDeclarations('s', [tool('a'), {name: 'b', inputSchema: {type: 'string'}}, {description: 'no name'}], {call})
    expect(tools.map((entry) => entry.remoteName)).toEqual(['a'])
    expect(problems).toEqual(['MCP server s: tool b was left out: its inputSchema must have type "object", not "string"', 'MCP server s: a tool without a name was left out'])
  })

  test(`more than ${MAX_TOOLS_PER_SERVER} tools: the first ones are kept, and one problem says so`, () => {
    const {tools, problems} = mcpToolDeclarations('s', Array.from({length: 500}, (_, index) => tool(`t${index}`)), {call})
    expect(tools).toHaveLength(MAX_TOOLS_PER_SERVER)
    expect(tools[0].remoteName).toBe('t0')
    expect(problems).toEqual([`MCP server s offers 500 tools; only the first ${MAX_TOOLS_PER_SERVER} are used (name the ones you need in mcp.servers.s.tools)`])
  })

  test('an isError result is a ToolError for the model; a failed call names the server', async () => {
    const failing = mcpToolDeclarations('s', [tool('a')], {call: async () => ({isError: true, content: [{type: 'text', text: 'no such note'}]})}).tools[0]
    const context = {workspace: '/w', signal: new AbortController().signal, resolvePath: (p: string) => p, writablePath: async (p: string) => p}
    await expect(failing.declaration.run({}, context)).rejects.toThrow('s__a reported an error. No such note.')
    const gone = mcpToolDeclarations('s', [tool('a')], {call: async () => Promise.reject(new Error('the server is failed'))}).tools[0]
    await expect(gone.declaration.run({}, context)).rejects.toThrow('s__a failed. MCP server s: the server is failed.')
  })
})
