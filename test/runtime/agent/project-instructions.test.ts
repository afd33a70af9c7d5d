import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {findInstructionFiles, instructionsSection, loadProjectInstructions} from '../../../src/runtime/agent/project-instructions.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lilly-agents-'))
})
afterEach(() => rm(root, {recursive: true, force: true}))

async function put(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), {recursive: true})
  await writeFile(path.join(root, relative), text)
}

describe('findInstructionFiles', () => {
  test('from the git root down to the workspace, outermost first; nothing above the git root', async () => {
    await put('AGENTS.md', 'above the repo')
    await put('repo/.git/HEAD', 'ref: refs/heads/main\n')
    await put('repo/AGENTS.md', 'repo')
    await put('repo/packages/app/AGENTS.md', 'app')
    await mkdir(path.join(root, 'repo/packages/app/src'), {recursive: true})
    const files = await findInstructionFiles(path.join(root, 'repo/packages/app/src'))
    expect(files).toEqual([path.join(root, 'repo/AGENTS.md'), path.join(root, 'repo/packages/app/AGENTS.md')])
  })

  test('a .git file (a worktree) marks the root too', async () => {
    await put('AGENTS.md', 'above')
    await put('wt/.git', 'gitdir: /elsewhere\n')
    await put('wt/AGENTS.md', 'here')
    expect(await findInstructionFiles(path.join(root, 'wt'))).toEqual([path.join(root, 'wt/AGENTS.md')])
  })

  test('outside a git repository only the workspace’s own file counts', async () => {
    await put('AGENTS.md', 'a parent, not this project')
    await put('ws/AGENTS.md', 'mine')
    expect(await findInstructionFiles(path.join(root, 'ws'))).toEqual([path.join(root, 'ws/AGENTS.md')])
    await mkdir(path.join(root, 'other'))
    expect(await findInstructionFiles(path.join(root, 'other'))).toEqual([])
  })

  test('a folder named AGENTS.md is not a file', async () => {
    await put('ws/.git/HEAD', 'x')
    await mkdir(path.join(root, 'ws/AGENTS.md'))
    expect(await findInstructionFiles(path.join(root, 'ws'))).toEqual([])
  })
})

describe('the prompt section', () => {
  test('each file under its own heading, named relative to the workspace; empty files left out', async () => {
    await put('repo/.git/HEAD', 'x')
    await put('repo/AGENTS.md', 'Use pnpm.\n')
    await put('repo/app/AGENTS.md', '  \n')
    const instructions = await loadProjectInstructions(path.join(root, 'repo/app'))
    expect(instructions?.section).toBe(
      '## Project instructions (AGENTS.md)\nFollow these; they come from the project, nearest folder last (it wins where they disagree).\n\n### ../AGENTS.md\nUse pnpm.',
    )
    expect(instructions?.cut).toBeUndefined()
  })

  test('none found: undefined', async () => {
    expect(await loadProjectInstructions(root)).toBeUndefined()
  })

  test('over the limit: cut at the limit, the cut said in the section, never half a character', () => {
    const text = 'é'.repeat(100) // 200 bytes
    const result = instructionsSection([{file: '/w/AGENTS.md', shown: 'AGENTS.md', text}], 101)
    expect(result.cut).toEqual({limit: 101, total: Buffer.byteLength(`### AGENTS.md\n${text}`)})
    const body = result.section.split('\n\n').slice(1).join('\n\n')
    expect(body).toMatch(/^### AGENTS\.md\né+\n\[AGENTS\.md cut here: the first 101 B of 214 B are shown; read the files with read_file for the rest\]$/)
    expect(body).not.toContain('\uFFFD')
    expect(Buffer.byteLength(body.split('\n[')[0])).toBeLessThanOrEqual(101)
  })
})
