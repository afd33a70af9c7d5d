import {afterAll, beforeAll, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {findExecutable} from '../../../src/runtime/process/find-executable.js'

let dir: string
const at = (...parts: string[]) => path.join(dir, ...parts)

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-exec-'))
  for (const sub of ['plain', 'runnable', 'second', 'holder/tool']) await fs.mkdir(at(sub), {recursive: true})
  await fs.writeFile(at('plain', 'tool'), 'not executable', {mode: 0o644})
  await fs.writeFile(at('runnable', 'tool'), '#!/bin/sh\n', {mode: 0o755})
  await fs.writeFile(at('second', 'tool'), '#!/bin/sh\n', {mode: 0o755})
})

afterAll(() => fs.rm(dir, {recursive: true, force: true}))

const searchPath = (...dirs: string[]) => dirs.map((sub) => at(sub)).join(path.delimiter)

// PATH entries as directories under the temp dir; '' is an empty entry.
test.each<[string, string[], string | undefined]>([
  ['the first executable file in PATH order', ['runnable', 'second'], 'runnable'],
  ['a file that is not executable is passed over', ['plain', 'second'], 'second'],
  ['a directory of that name is passed over', ['holder', 'runnable'], 'runnable'],
  ['a missing directory is passed over', ['gone', 'second'], 'second'],
  ['empty entries are passed over', ['', 'runnable', ''], 'runnable'],
  ['none at all', ['plain', 'holder'], undefined],
  ['an empty PATH', [], undefined],
])('%s', async (_name, entries, found) => {
  const pathValue = entries.map((entry) => (entry === '' ? '' : at(entry))).join(path.delimiter)
  expect(await findExecutable('tool', pathValue)).toBe(found === undefined ? undefined : at(found, 'tool'))
})

test('the answer is kept per PATH value: the same PATH is not searched again, another one is', async () => {
  await fs.mkdir(at('later'))
  const pathValue = searchPath('later', 'second')
  expect(await findExecutable('tool', pathValue)).toBe(at('second', 'tool'))
  await fs.writeFile(at('later', 'tool'), '#!/bin/sh\n', {mode: 0o755})
  expect(await findExecutable('tool', pathValue)).toBe(at('second', 'tool'))
  expect(await findExecutable('tool', `${pathValue}${path.delimiter}`)).toBe(at('later', 'tool'))
})

test('different names under the same PATH are looked up apart', async () => {
  expect(await findExecutable('tool', searchPath('runnable'))).toBe(at('runnable', 'tool'))
  expect(await findExecutable('other', searchPath('runnable'))).toBeUndefined()
})
