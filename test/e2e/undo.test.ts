/**
 * `lillycoder undo` from the shell, end to end: a headless run changes files through the tools (a write, and a
 * bash command that creates a file), then undo puts them back, refuses over someone else's later change (naming
 * the file) unless --force, and --redo re-applies.
 */
import {describe, expect, test} from '@jest/globals'
import {readFile, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import type {WireTurn} from '../support/wire-server.js'

const e2e = useE2E()

const answer = (text: string): WireTurn => ({flavor: 'llamacpp', text})
const call = (name: string, args: Record<string, unknown>): WireTurn => ({flavor: 'llamacpp', toolCalls: [{name, arguments: args}]})
const file = (name: string) => path.join(e2e.sandbox.workspace, name)
const read = (name: string) => readFile(file(name), 'utf8')
const exists = (name: string) => stat(file(name)).then(() => true, () => false)
const run = (task: string, ...flags: string[]) => e2e.sandbox.run(['run', task, ...flags, '--bypass-permissions', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
const undo = (...args: string[]) => e2e.sandbox.run(['undo', ...args])

describe('lillycoder undo', () => {
  test('undoes the last turn, then the one before; --redo re-applies; a bash-created file goes and comes back', async () => {
    await writeFile(file('a.txt'), 'one\n')
    await e2e.serve([call('write_file', {path: 'a.txt', content: 'two\n'}), answer('Wrote it.'), call('bash', {command: 'echo made > made.txt'}), answer('Made it.')])
    expect((await run('change a.txt')).code).toBe(0)
    // --continue: the same session, so its undo history goes back over both turns.
    expect((await run('make a file', '--continue')).code).toBe(0)
    expect(await read('made.txt')).toBe('made\n')

    const first = await undo()
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/undid turn 2 of session \S+, 1 file:\n {2}made\.txt\n1 more turn to undo/)
    expect(await exists('made.txt')).toBe(false)
    expect(await read('a.txt')).toBe('two\n')

    expect((await undo()).stdout).toMatch(/undid turn 1 of session \S+, 1 file:\n {2}a\.txt\n/)
    expect(await read('a.txt')).toBe('one\n')
    expect((await undo()).stdout).toMatch(/nothing to undo/)

    expect((await undo('--redo')).code).toBe(0)
    expect(await read('a.txt')).toBe('two\n')
  })

  test('refuses, naming the file, when it changed after the agent; the file is kept; --force undoes anyway', async () => {
    await writeFile(file('a.txt'), 'one\n')
    await e2e.serve([call('write_file', {path: 'a.txt', content: 'agent\n'}), answer('Done.')])
    await run('change a.txt')
    await writeFile(file('a.txt'), 'my own edit\n')
    const refused = await undo()
    expect(refused.code).toBe(2)
    expect(refused.stderr.trim()).toMatch(/^lillycoder: undo refused: a\.txt changed since lillycoder's change.*--force/)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(await read('a.txt')).toBe('my own edit\n')
    expect((await undo('--force')).code).toBe(0)
    expect(await read('a.txt')).toBe('one\n')
  })

  test.each([
    ['no session changed files here', [], /nothing to undo: no lillycoder session has changed files in this folder/],
    ['an unknown --session', ['--session', 'nope'], /session nope has changed no files in this folder/],
    ['a --session that is a path', ['--session', '../../x'], /not a session id/],
  ])('%s: one line, exit 2', async (_name, args, pattern) => {
    const result = await undo(...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(pattern)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
