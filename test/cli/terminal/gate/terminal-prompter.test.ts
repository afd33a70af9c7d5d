import {PassThrough} from 'node:stream'

import {describe, expect, test} from '@jest/globals'
import pc from 'picocolors'
import {z} from 'zod'

import {TerminalPrompter} from '../../../../src/cli/terminal/terminal-prompter.js'
import type {PermissionRequest} from '../../../../src/runtime/agent/prompter.js'
import {defineTool, type Target} from '../../../../src/runtime/tools/tool-declaration.js'

const tool = defineTool({name: 'bash', description: 'd', parameters: z.object({command: z.string()}), mutates: true, targets: () => [], run: async () => ({text: ''})})
const request = (targets: Target[]): PermissionRequest => ({
  call: {tool, args: {command: 'npm test'}, targets},
  decision: {action: 'ask', reason: {code: 'default-mutating', message: 'm'}},
})
const bashRequest = request([{kind: 'command', command: 'npm test'}])
const pathRequest = request([{kind: 'path', path: 'a.txt'}])

/** A prompter on a fake screen, answering from scripted keys and lines; records what each was asked with. */
function prompter(keys: Array<string | null> | undefined, lines: Array<string | null>) {
  const out = new PassThrough()
  let screen = ''
  out.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')))
  const offered: string[][] = []
  const askKey = keys && (async (_prompt: string, allowed: readonly string[]) => (offered.push([...allowed]), keys.shift() ?? null))
  const askLine = async () => lines.shift() ?? null
  const gate = new TerminalPrompter(out as unknown as NodeJS.WriteStream, askLine, {name: 'lilly', emoji: '🦊'}, pc.createColors(false), {askKey})
  return {gate, offered, screen: () => screen}
}

describe('single keys (a terminal)', () => {
  test.each<[string, PermissionRequest, string | null, Array<string | null>, object, string[]]>([
    ['y', bashRequest, 'y', [], {kind: 'yes'}, ['y', 'n', 'a']],
    ['a', bashRequest, 'a', [], {kind: 'always'}, ['y', 'n', 'a']],
    ['p where there is a path', pathRequest, 'p', [], {kind: 'path'}, ['y', 'n', 'a', 'p']],
    ['n and a reason', bashRequest, 'n', ['  use pnpm  '], {kind: 'no', reason: 'use pnpm'}, ['y', 'n', 'a']],
    ['n and Enter', bashRequest, 'n', [''], {kind: 'no'}, ['y', 'n', 'a']],
    ['n then Ctrl-C at the reason', bashRequest, 'n', [null], {kind: 'cancel'}, ['y', 'n', 'a']],
    ['Ctrl-C', bashRequest, null, [], {kind: 'cancel'}, ['y', 'n', 'a']],
  ])('%s', async (_name, req, key, lines, answer, keys) => {
    const {gate, offered} = prompter([key], lines)
    expect(await gate.askPermission(req, new AbortController().signal)).toEqual(answer)
    expect(offered).toEqual([keys])
  })

  test('the answer is written out as a word, and n asks for the reason', async () => {
    const {gate, screen} = prompter(['n'], ['because'])
    await gate.askPermission(bashRequest, new AbortController().signal)
    expect(screen()).toMatch(/no\n$/)
  })
})

describe('lines (piped input)', () => {
  test('p is not an answer without a path: it asks again, with a hint that offers no p', async () => {
    const {gate, screen} = prompter(undefined, ['p', 'n use pnpm'])
    expect(await gate.askPermission(bashRequest, new AbortController().signal)).toEqual({kind: 'no', reason: 'use pnpm'})
    expect(screen()).toContain('type y, n (optionally: n and a reason), a, then Enter')
  })

  test('p is an answer where there is a path', async () => {
    const {gate} = prompter(undefined, ['p'])
    expect(await gate.askPermission(pathRequest, new AbortController().signal)).toEqual({kind: 'path'})
  })
})
