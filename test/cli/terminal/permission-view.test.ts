import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'
import {z} from 'zod'

import {parsePermissionAnswer, renderPermissionRequest} from '../../../src/cli/terminal/permission-view.js'
import type {PermissionRequest} from '../../../src/runtime/agent/prompter.js'
import {defineTool} from '../../../src/runtime/tools/tool-declaration.js'

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
      '🦊 lilly wants to: bash:\n   npm ci\n   npm test\n   [y]es  [n]o  [a]lways for this tool  [p]ath: always for this exact target',
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
