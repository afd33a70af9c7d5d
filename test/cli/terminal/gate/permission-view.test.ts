import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'
import {z} from 'zod'

import {answersLine, offeredAnswers, parsePermissionAnswer, renderPermissionRequest} from '../../../../src/cli/terminal/gate/permission-view.js'
import {newFileLines} from '../../../../src/cli/terminal/gate/new-file-preview.js'
import type {Grant} from '../../../../src/policy/types.js'
import type {Target} from '../../../../src/runtime/tools/tool-declaration.js'
import type {PermissionRequest} from '../../../../src/runtime/agent/prompter.js'
import {defineTool} from '../../../../src/runtime/tools/tool-declaration.js'

describe('parsePermissionAnswer', () => {
  test.each([
    ['y', {kind: 'yes'}],
    ['Y', {kind: 'yes'}],
    [' yes ', {kind: 'yes'}],
    ['n', {kind: 'no'}],
    ['no', {kind: 'no'}],
    ['n use pnpm instead', {kind: 'no', reason: 'use pnpm instead'}],
    ['a', {kind: 'always'}],
    ['p', {kind: 'path'}],
    ['', {kind: 'again'}],
    ['x', {kind: 'again'}],
    ['yolo', {kind: 'again'}],
    ['y please', {kind: 'again'}],
  ])('%j → %j', (input, answer) => {
    expect(parsePermissionAnswer(input)).toEqual(answer)
  })
})

describe('renderPermissionRequest', () => {
  const colors = pc.createColors(false)
  const tool = defineTool({name: 'bash', description: 'd', parameters: z.object({command: z.string()}), mutates: true, targets: () => [], run: async () => ({text: ''})})
  const request = (command: string): PermissionRequest => ({
    call: {tool, args: {command}, targets: []},
    decision: {action: 'ask', reason: {code: 'default-mutating', message: 'm'}},
  })

  test('a multi-line command is shown whole, under the headline, with the choices', () => {
    const text = renderPermissionRequest(request('npm ci\nnpm test'), {name: 'lilly', emoji: '🦊'}, colors)
    expect(text).toBe(
      '🦊 lilly wants to: bash:\n   npm ci\n   npm test\n   [y]es  [n]o  [a]lways for this tool',
    )
  })

  test('a long preview is cut with a count, never silently', () => {
    const long = Array.from({length: 100}, (_, i) => `echo ${i}`).join('\n')
    const text = renderPermissionRequest(request(long), {name: 'lilly', emoji: '🦊'}, colors)
    expect(text).toContain('   echo 39\n')
    expect(text).not.toContain('echo 40\n')
    expect(text).toContain('… 60 more lines not shown')
  })
})

describe('parsePermissionAnswer: p only where it is offered', () => {
  test.each<[string, string[], string]>([
    ['p', ['y', 'n', 'a', 'p'], 'path'],
    ['p', ['y', 'n', 'a'], 'again'],
    ['path', ['y', 'n', 'a'], 'again'],
    ['a', ['y', 'n', 'a'], 'always'],
  ])('%j with %j → %s', (input, offered, kind) => {
    expect(parsePermissionAnswer(input, offered).kind).toBe(kind)
  })
})

describe('the answers a gate offers', () => {
  const tool = defineTool({name: 't', description: 'd', parameters: z.object({}), mutates: true, targets: () => [], run: async () => ({text: ''})})
  const ask = (targets: Target[], onAlways?: Grant[]): PermissionRequest => ({
    call: {tool, args: {}, targets},
    decision: {action: 'ask', reason: {code: 'default-mutating', message: 'm'}, onAlways},
  })
  test.each<[string, PermissionRequest, string[], string]>([
    ['a path target offers p', ask([{kind: 'path', path: 'a.txt'}]), ['y', 'n', 'a', 'p'], '[y]es  [n]o  [a]lways for this tool  [p]ath: always for this exact target'],
    ['a command offers no p', ask([{kind: 'command', command: 'npm test'}]), ['y', 'n', 'a'], '[y]es  [n]o  [a]lways for this tool'],
    ['no targets: no p', ask([]), ['y', 'n', 'a'], '[y]es  [n]o  [a]lways for this tool'],
    [
      'a command grant is named',
      ask([{kind: 'command', command: 'npm test -- -x'}], [{scope: 'command', tool: 'bash', words: ['npm', 'test']}]),
      ['y', 'n', 'a'],
      '[y]es  [n]o  [a]lways for npm test …',
    ],
    [
      'an exact-line grant says so',
      ask([{kind: 'command', command: 'a && b'}], [{scope: 'target', tool: 'bash', target: 'a && b'}]),
      ['y', 'n', 'a'],
      '[y]es  [n]o  [a]lways for this exact command',
    ],
  ])('%s', (_name, request, keys, line) => {
    const offered = offeredAnswers(request)
    expect(offered.keys).toEqual(keys)
    expect(answersLine(offered)).toBe(line)
  })
})

describe('the gate for a new file and for a command', () => {
  const colors = pc.createColors(false)
  const persona = {name: 'lilly', emoji: '🦊'}
  const writeTool = defineTool({name: 'write_file', description: 'd', parameters: z.object({}), mutates: true, targets: () => [], run: async () => ({text: ''})})
  const bashTool = defineTool({name: 'bash', description: 'd', parameters: z.object({command: z.string()}), mutates: true, targets: () => [], run: async () => ({text: ''})})
  const decision = {action: 'ask' as const, reason: {code: 'default-mutating' as const, message: 'm'}}

  test('a new file shows its size, line count and first lines, the rest counted', () => {
    const content = Array.from({length: 25}, (_, i) => `line ${i + 1}`).join('\n') + '\n'
    const request: PermissionRequest = {
      call: {tool: writeTool, args: {}, targets: [{kind: 'path', path: 'notes.txt'}]},
      decision,
      preview: {summary: 'notes.txt (172 chars, new file)', content},
    }
    const text = renderPermissionRequest(request, persona, colors, {newFileLines: newFileLines(content, 'notes.txt', colors)})
    const lines = text.split('\n')
    expect(lines[0]).toBe('🦊 lilly wants to: write_file: notes.txt (172 chars, new file)')
    expect(lines[1]).toBe(`   new file, 25 lines, ${Buffer.byteLength(content)} B`)
    expect(lines[2]).toBe('   │ line 1')
    expect(lines[21]).toBe('   │ line 20')
    expect(lines[22]).toBe('   │ … 5 more lines not shown')
    expect(text).not.toContain('line 21')
  })

  test('a new file in a known language goes through the highlighter; an unknown one does not', () => {
    const seen: string[] = []
    const highlight = (unit: {kind: string; text: string}) => {
      seen.push(unit.text)
      return unit.text.split('\n').slice(1, -1).map((line) => `  <${line}>`).join('\n')
    }
    expect(newFileLines('const a = 1\nexport {a}\n', 'src/a.ts', colors, highlight)).toEqual(['<const a = 1>', '<export {a}>'])
    expect(seen).toEqual(['```typescript\nconst a = 1\nexport {a}\n```'])
    expect(newFileLines('plain words\n', 'notes.weird', colors, highlight)).toEqual(['plain words'])
    expect(seen).toHaveLength(1)
  })

  test('a one-line file and a multi-byte file are counted in lines and bytes', () => {
    const request = (content: string): PermissionRequest => ({
      call: {tool: writeTool, args: {}, targets: [{kind: 'path', path: 'a.txt'}]},
      decision,
      preview: {summary: 's', content},
    })
    expect(renderPermissionRequest(request('hi'), persona, colors)).toContain('   new file, 1 line, 2 B')
    expect(renderPermissionRequest(request('äö\n'), persona, colors)).toContain('   new file, 1 line, 5 B')
  })

  test('a command shows the directory it runs in, shortened to ~', () => {
    const request: PermissionRequest = {
      call: {tool: bashTool, args: {command: 'npm test'}, targets: [{kind: 'command', command: 'npm test'}]},
      decision,
      preview: {summary: 'npm test', detail: 'npm test', cwd: '/home/u/proj/sub'},
    }
    expect(renderPermissionRequest(request, persona, colors, {home: '/home/u'})).toBe(
      '🦊 lilly wants to: bash:\n   npm test\n   in ~/proj/sub\n   [y]es  [n]o  [a]lways for this tool',
    )
    expect(renderPermissionRequest(request, persona, colors, {home: '/home/other'})).toContain('\n   in /home/u/proj/sub\n')
  })
})

describe('a new file through the real reply renderer', () => {
  test('a TypeScript file comes out coloured, one line per source line, its text intact', async () => {
    const {loadTerminalMarkdown} = await import('../../../../src/cli/terminal/markdown-terminal.js')
    const render = await loadTerminalMarkdown(80)
    const lines = newFileLines('const a = 1\n\nexport function f() {\n  return "x"\n}\n', 'src/a.ts', pc.createColors(false), render)
    const sgr = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')
    expect(lines.map((line) => line.replace(sgr, ''))).toEqual(['const a = 1', '', 'export function f() {', '  return "x"', '}'])
    expect(lines.join('\n')).toMatch(sgr)
  })
})
