/**
 * Reliability, input faults: the built CLI (`run --json`) on a workspace that fights back — files that are not
 * valid UTF-8, CRLF files, a file that changes between the model's read and its edit, symlink loops under grep,
 * find_files and list_dir (ripgrep and the JavaScript fallback), and files the user may not read or write (the
 * CLI runs as `nobody` when the tests run as root, since root ignores file modes). Each case: the model gets a
 * result it can act on, the turn goes on, no file is changed that should not be, and no stack shows.
 */
import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {chmod, mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {startFaultServer, type FaultServer, type FaultTurn} from '../support/fault-server.js'
import {expectNoCrash} from '../support/reliability-checks.js'
import {createSandbox, type Sandbox} from '../support/run-cli.js'
import {jsonLines} from '../support/run-output.js'
import {giveSandboxAway, ownedByRunner, runUnprivileged} from '../support/run-unprivileged.js'
import type {WireToolCall} from '../support/wire-server.js'

let sandbox: Sandbox
let server: FaultServer | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await server?.close()
  server = undefined
  await sandbox.cleanup()
})

const calls = (...toolCalls: WireToolCall[]): FaultTurn => ({flavor: 'llamacpp', toolCalls})
const DONE: FaultTurn = {flavor: 'llamacpp', text: 'Done.'}
const inWorkspace = (...parts: string[]) => path.join(sandbox.workspace, ...parts)

interface RunOptions {
  beforeAnswer?: (index: number) => Promise<void> | void
  env?: NodeJS.ProcessEnv
  /** As `nobody` when the tests run as root, so file modes apply. */
  unprivileged?: boolean
}

/** One headless run of the scripted turns; the tool results in order, and the run's end. */
async function runJson(turns: FaultTurn[], options: RunOptions = {}) {
  server = await startFaultServer(turns, {beforeAnswer: options.beforeAnswer})
  const args = ['run', 'work on the files', '--json', '--api', server.url, '--model', 'qwen2.5-coder:7b', '--bypass-permissions']
  const result = options.unprivileged ? await runUnprivileged(sandbox, args, options.env) : await sandbox.run(args, {env: options.env})
  expectNoCrash(result.stderr)
  const events = jsonLines(result.stdout)
  expect(events.at(-1)).toMatchObject({type: 'done', status: 'answered', exit_code: 0})
  expect(result.code).toBe(0)
  return {events, results: events.filter((event) => event.type === 'tool_result') as Array<{name: string; outcome: string; text: string}>}
}

describe('files that are not valid UTF-8', () => {
  const LATIN1 = Buffer.from('caf\u00e9 au lait\nna\u00efve\n', 'latin1') // é and ï as single bytes
  const ONE_BAD_BYTE = Buffer.concat([Buffer.from(`${'une ligne en fran\u00e7ais\n'.repeat(200)}`), Buffer.from('d\u00e9j\u00e0 vu: lait\n', 'latin1')])
  const TRUNCATED = Buffer.concat([Buffer.from('price: 5 '), Buffer.from('€', 'utf8').subarray(0, 2), Buffer.from(' and more text on this line\nlait\n')])

  // read_file shows a mostly-UTF-8 file (an odd byte shows as U+FFFD) and refuses one that is mostly not; an edit
  // rewrites the whole file, so it must refuse both rather than turn the odd bytes into U+FFFD.
  test.each([
    ['Latin-1 bytes in a short file', 'error', LATIN1],
    ['one Latin-1 line at the end of a long UTF-8 file', 'ok', ONE_BAD_BYTE],
    ['a multi-byte character cut short', 'ok', TRUNCATED],
  ])('%s: read_file gives %s, edit_file refuses, grep finds what it can, no byte changes', async (_what, readOutcome, bytes) => {
    await writeFile(inWorkspace('odd.txt'), bytes)
    await writeFile(inWorkspace('plain.txt'), 'lait\n')
    const {results} = await runJson([
      calls(
        {name: 'read_file', arguments: {path: 'odd.txt'}},
        {name: 'edit_file', arguments: {path: 'odd.txt', old_string: 'lait', new_string: 'milk'}},
        {name: 'grep', arguments: {pattern: 'lait'}},
      ),
      DONE,
    ])
    expect(results.map(({name, outcome}) => [name, outcome])).toEqual([
      ['read_file', readOutcome],
      ['edit_file', 'error'],
      ['grep', 'ok'],
    ])
    if (readOutcome === 'error') expect(results[0].text).toMatch(/not UTF-8/u)
    expect(results[1].text).toMatch(/odd\.txt is not UTF-8 text/u)
    expect(results[2].text).toMatch(/^plain\.txt:1:lait$/mu)
    expect((await readFile(inWorkspace('odd.txt'))).equals(bytes)).toBe(true)
  })
})

describe('CRLF files', () => {
  const CRLF = 'first line\r\nsecond line\r\nthird line\r\n'

  test('read_file shows the lines without \\r, a multi-line edit written with \\n matches and keeps every CRLF, grep shows no \\r', async () => {
    await writeFile(inWorkspace('dos.txt'), CRLF)
    const {results} = await runJson([
      calls({name: 'read_file', arguments: {path: 'dos.txt'}}),
      calls({name: 'edit_file', arguments: {path: 'dos.txt', old_string: 'first line\nsecond line', new_string: 'first line\nnew second line\nadded line'}}),
      calls({name: 'grep', arguments: {pattern: 'line$'}}),
      DONE,
    ])
    expect(results.map(({outcome}) => outcome)).toEqual(['ok', 'ok', 'ok'])
    expect(results[0].text).not.toMatch(/\r/u)
    expect(results[0].text).toMatch(/second line/u)
    expect(await readFile(inWorkspace('dos.txt'), 'utf8')).toBe('first line\r\nnew second line\r\nadded line\r\nthird line\r\n')
    expect(results[2].text).not.toMatch(/\r/u)
    expect(results[2].text.split('\n').filter((line) => line.startsWith('dos.txt:'))).toHaveLength(4)
  })

  test('write_file over a CRLF file with \\n content keeps CRLF; a file that mixes both keeps its other lines as they were', async () => {
    await writeFile(inWorkspace('dos.txt'), CRLF)
    await writeFile(inWorkspace('mixed.txt'), 'a\r\nb\nc\r\n')
    const {results} = await runJson([
      calls({name: 'write_file', arguments: {path: 'dos.txt', content: 'one\ntwo\n'}}, {name: 'edit_file', arguments: {path: 'mixed.txt', old_string: 'b', new_string: 'B'}}),
      DONE,
    ])
    expect(results.map(({outcome}) => outcome)).toEqual(['ok', 'ok'])
    expect(await readFile(inWorkspace('dos.txt'), 'utf8')).toBe('one\r\ntwo\r\n')
    expect(await readFile(inWorkspace('mixed.txt'), 'utf8')).toBe('a\r\nB\nc\r\n')
  })
})

describe('a file that changes between the read and the edit', () => {
  const ORIGINAL = 'alpha\nbeta\ngamma\n'
  const readThenEdit = (edit: {old_string: string; new_string: string}): FaultTurn[] => [
    calls({name: 'read_file', arguments: {path: 'f.txt'}}),
    calls({name: 'edit_file', arguments: {path: 'f.txt', ...edit}}),
    DONE,
  ]

  test.each<[what: string, change: () => Promise<void>, edit: {old_string: string; new_string: string}, outcome: string, told: RegExp, after: string | 'missing' | 'directory']>([
    ['the text to replace was changed by someone else', () => writeFile(inWorkspace('f.txt'), 'alpha\nBETA (theirs)\ngamma\n'), {old_string: 'beta', new_string: 'beta (ours)'}, 'error', /not found|does not occur|no match/iu, 'alpha\nBETA (theirs)\ngamma\n'],
    ['another line was changed by someone else', () => writeFile(inWorkspace('f.txt'), 'ALPHA (theirs)\nbeta\ngamma\n'), {old_string: 'beta', new_string: 'beta (ours)'}, 'ok', /Edited f\.txt/u, 'ALPHA (theirs)\nbeta (ours)\ngamma\n'],
    ['the file was deleted', () => rm(inWorkspace('f.txt')), {old_string: 'beta', new_string: 'x'}, 'error', /does not exist/u, 'missing'],
    ['the file became a directory', async () => {
      await rm(inWorkspace('f.txt'))
      await mkdir(inWorkspace('f.txt'))
    }, {old_string: 'beta', new_string: 'x'}, 'error', /is a directory/u, 'directory'],
  ])('%s: the edit result says so and their change is kept', async (_what, change, edit, outcome, told, after) => {
    await writeFile(inWorkspace('f.txt'), ORIGINAL)
    const {results} = await runJson(readThenEdit(edit), {beforeAnswer: (index) => (index === 1 ? change() : undefined)})
    expect(results[1]).toMatchObject({name: 'edit_file', outcome, text: expect.stringMatching(told)})
    const now = await readFile(inWorkspace('f.txt'), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? 'missing' : error.code === 'EISDIR' ? 'directory' : String(error)))
    expect(now).toBe(after)
  })
})

describe('symlink loops', () => {
  test.each([
    ['ripgrep', {}],
    ['the JavaScript fallback', {LILLYCODER_RG: '0'}],
  ])('grep, find_files and list_dir with %s: each file once, no hang, the loops are not followed', async (_engine, env) => {
    await mkdir(inWorkspace('src'))
    await writeFile(inWorkspace('src', 'a.ts'), 'export const needle = 1\n')
    await symlink('self', inWorkspace('self'))
    await symlink('ping', inWorkspace('pong'))
    await symlink('pong', inWorkspace('ping'))
    await symlink('..', inWorkspace('src', 'up'))
    await symlink('.', inWorkspace('src', 'here'))
    await symlink('nowhere', inWorkspace('dangling'))
    const {results} = await runJson(
      [
        calls(
          {name: 'grep', arguments: {pattern: 'needle'}},
          {name: 'find_files', arguments: {pattern: '*.ts'}},
          {name: 'list_dir', arguments: {path: '.', depth: 5}},
          {name: 'grep', arguments: {pattern: 'needle', path: 'src/up'}},
        ),
        DONE,
      ],
      {env},
    )
    expect(results.map(({outcome}) => outcome)).toEqual(['ok', 'ok', 'ok', expect.any(String)])
    expect(results[0].text.match(/needle/gu)).toHaveLength(1)
    expect(results[0].text).toMatch(/^src\/a\.ts:1:/mu)
    expect(results[1].text.trim().split('\n')).toEqual(['src/a.ts'])
    expect(results[2].text).toMatch(/a\.ts/u)
    expect(results[2].text.match(/a\.ts/gu)).toHaveLength(1)
    expect(results[3].text.length).toBeLessThan(4000)
  })
})

describe('permission denied (file modes apply: the CLI runs as nobody when the tests run as root)', () => {
  test('unreadable and read-only files, an unreadable folder, a folder that cannot be written: each call says permission denied; nothing changes', async () => {
    await giveSandboxAway(sandbox)
    const files = {secret: inWorkspace('secret.txt'), readOnly: inWorkspace('read-only.txt'), plain: inWorkspace('plain.txt')}
    await writeFile(files.secret, 'needle in the secret\n')
    await writeFile(files.readOnly, 'needle kept as it is\n')
    await writeFile(files.plain, 'needle in plain sight\n')
    await mkdir(inWorkspace('locked'))
    await writeFile(inWorkspace('locked', 'inside.txt'), 'needle locked away\n')
    await mkdir(inWorkspace('not-mine'))
    for (const file of [files.secret, files.readOnly, files.plain, inWorkspace('locked'), inWorkspace('locked', 'inside.txt')]) await ownedByRunner(file)
    await chmod(files.secret, 0o000)
    await chmod(files.readOnly, 0o444)
    await chmod(inWorkspace('locked'), 0o000)
    await chmod(inWorkspace('not-mine'), 0o755) // root's when the tests run as root; the runner's own otherwise
    if (process.getuid?.() !== 0) await chmod(inWorkspace('not-mine'), 0o555)

    // Modes put back whatever happens, so the sandbox can be removed by a user that is not root.
    const restoreModes = () => Promise.all([chmod(files.readOnly, 0o644), chmod(inWorkspace('locked'), 0o755), chmod(inWorkspace('not-mine'), 0o755)])
    const {results} = await runJson(
      [
        calls(
          {name: 'read_file', arguments: {path: 'secret.txt'}},
          {name: 'edit_file', arguments: {path: 'read-only.txt', old_string: 'kept', new_string: 'changed'}},
          {name: 'write_file', arguments: {path: 'read-only.txt', content: 'overwritten\n'}},
          {name: 'write_file', arguments: {path: 'not-mine/new.txt', content: 'x\n'}},
          {name: 'list_dir', arguments: {path: 'locked'}},
          {name: 'grep', arguments: {pattern: 'needle'}},
        ),
        DONE,
      ],
      {unprivileged: true},
    ).finally(restoreModes)
    expect(results.map(({name, outcome}) => `${name} ${outcome}`)).toEqual(['read_file error', 'edit_file error', 'write_file error', 'write_file error', 'list_dir error', 'grep ok'])
    for (const result of results.slice(0, 5)) expect(result.text).toMatch(/permission denied/u)
    expect(results[5].text).toMatch(/^plain\.txt:1:needle in plain sight$/mu)
    expect(await readFile(files.readOnly, 'utf8')).toBe('needle kept as it is\n')
  })
})
