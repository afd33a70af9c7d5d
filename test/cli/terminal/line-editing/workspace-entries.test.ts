import {mkdir, mkdtemp, realpath, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {listWorkspaceDirectory} from '../../../../src/cli/terminal/line-editing/workspace-entries.js'

let base: string
let workspace: string

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'lilly-entries-')))
  workspace = path.join(base, 'ws')
  await mkdir(path.join(workspace, '.git'), {recursive: true})
  await mkdir(path.join(workspace, 'src', 'cli'), {recursive: true})
  await mkdir(path.join(workspace, 'dist'))
  await mkdir(path.join(base, 'outside'))
  await writeFile(path.join(base, 'outside', 'secret.txt'), 'x')
  await writeFile(path.join(workspace, '.gitignore'), 'dist/\n*.log\n')
  await writeFile(path.join(workspace, 'README.md'), '# hi\n')
  await writeFile(path.join(workspace, 'debug.log'), 'x')
  await writeFile(path.join(workspace, 'src', 'index.ts'), '')
  await symlink(path.join(base, 'outside'), path.join(workspace, 'out-link'))
})

afterEach(async () => {
  await rm(base, {recursive: true, force: true})
})

const names = (entries: Array<{name: string; isDirectory: boolean}>) => entries.map((entry) => `${entry.name}${entry.isDirectory ? '/' : ''}`).sort()

describe('listWorkspaceDirectory', () => {
  test('lists the root without .git and what .gitignore ignores, directories marked', async () => {
    expect(names(await listWorkspaceDirectory(workspace, ''))).toEqual(['.gitignore', 'README.md', 'out-link', 'src/'])
  })

  test('lists a directory below the root', async () => {
    expect(names(await listWorkspaceDirectory(workspace, 'src'))).toEqual(['cli/', 'index.ts'])
  })

  test.each([['..'], ['../outside'], ['out-link'], ['src/../..']])('%s resolves outside the workspace: nothing', async (relative) => {
    expect(await listWorkspaceDirectory(workspace, relative)).toEqual([])
  })

  test.each([['missing'], ['README.md']])('%s is not a directory there: nothing', async (relative) => {
    expect(await listWorkspaceDirectory(workspace, relative)).toEqual([])
  })
})
