import {describe, expect, test} from '@jest/globals'
import path from 'node:path'
import {z} from 'zod'

import type {PolicyEdge} from '../../../src/policy/edge/policy-edge.js'
import {SessionPolicyEngine} from '../../../src/policy/edge/session-policy-engine.js'
import {createToolContext} from '../../../src/runtime/agent/tool-context.js'
import {defineTool, type ToolDeclaration} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'
import {expandTilde, isInsideDir, locateToolPath, relativeInsideDir, resolveToolPath} from '../../../src/runtime/files/workspace-path.js'

describe('locateToolPath', () => {
  test.each([
    ['src/a.ts', '/w/src/a.ts'],
    ['./src/../b', '/w/b'],
    ['/abs/x', '/abs/x'],
    ['~', '/h'],
    ['~/x/../y', '/h/y'],
    ['x~/y', '/w/x~/y'],
    ['./~bob', '/w/~bob'],
  ])('%s → %s', (target, expected) => {
    expect(locateToolPath('/w', target, '/h')).toEqual({kind: 'path', path: expected})
  })

  test.each([['~bob'], ['~bob/x'], ['~root/.ssh/authorized_keys']])('%s (another user’s home) is refused, not taken as a file in the workspace', (target) => {
    expect(locateToolPath('/w', target, '/h')).toMatchObject({kind: 'refused', reason: expect.stringContaining('~user')})
    expect(() => resolveToolPath('/w', target, '/h')).toThrow(ToolError)
  })

  test('expandTilde leaves `..` for the symlink walk to resolve', () => {
    expect(expandTilde('~/a/../b', '/h')).toEqual({kind: 'path', path: '/h/a/../b'})
  })
})

describe('isInsideDir and relativeInsideDir', () => {
  test.each<[string, string, string | undefined]>([
    ['/w', '/w', '.'],
    ['/w', '/w/a/b', 'a/b'],
    ['/w', '/w/..dots', '..dots'],
    ['/w', '/wx', undefined],
    ['/w', '/w/../x', undefined],
    ['/w', '/', undefined],
    ['/', '/anything', 'anything'],
    ['/w/', '/w/a', 'a'],
  ])('(%s, %s) → %s', (dir, target, relative) => {
    expect(relativeInsideDir(dir, target)).toBe(relative)
    expect(isInsideDir(dir, target)).toBe(relative !== undefined)
  })
})

describe('the policy engine and the tool touch the same path', () => {
  const WS = '/ws'
  const HOME = '/home/someone-else'
  const tool: ToolDeclaration = defineTool({
    name: 'write_file',
    description: 'test tool',
    parameters: z.object({}),
    mutates: true,
    targets: () => [],
    run: async () => ({text: ''}),
  })
  const insideEdge: PolicyEdge = {inspectPath: async () => ({outsideWorkspace: false}), inspectCommand: async () => ({})}
  const engine = () => new SessionPolicyEngine({workspace: WS, bypass: false, home: HOME, edge: insideEdge})
  const ctx = createToolContext(WS, new AbortController().signal, HOME)

  test.each([['notes.txt'], ['a/../b.txt'], ['/etc/hosts'], ['~'], ['~/.bashrc'], ['x~/y']])('%s', async (target) => {
    const [grant] = await engine().grant({tool, args: {}, targets: [{kind: 'path', path: target}]}, 'target')
    expect(grant?.target).toBe(ctx.resolvePath(target))
  })

  test('~ is the home the engine was given, not $HOME', async () => {
    const [grant] = await engine().grant({tool, args: {}, targets: [{kind: 'path', path: '~/x'}]}, 'target')
    expect(grant?.target).toBe(path.join(HOME, 'x'))
  })

  test('~user: the engine refuses a change and the tool refuses to resolve it', async () => {
    const decision = await engine().decide({tool, args: {}, targets: [{kind: 'path', path: '~bob/notes.txt'}]})
    expect(decision).toMatchObject({action: 'deny', reason: {code: 'outside-workspace', message: expect.stringContaining('~user')}})
    expect(() => ctx.resolvePath('~bob/notes.txt')).toThrow(ToolError)
  })
})
