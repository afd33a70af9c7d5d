import {describe, expect, test} from '@jest/globals'

import {completeLine, insideWorkspace, type CompletionSources, type DirectoryEntry} from '../../../../src/cli/terminal/line-editing/completion.js'

const dir = (name: string): DirectoryEntry => ({name, isDirectory: true})
const file = (name: string): DirectoryEntry => ({name, isDirectory: false})

/** A small workspace by directory, and the directories that were asked for. */
const TREE: Record<string, DirectoryEntry[]> = {
  '': [dir('src'), dir('scripts'), file('README.md'), file('.env'), dir('.github')],
  src: [dir('cli'), dir('commands'), file('index.ts')],
  'src/cli': [file('repl.ts')],
}

function sources(): CompletionSources & {listed: string[]} {
  const listed: string[] = []
  return {
    listed,
    slashCommands: ['/help', '/tools', '/permissions', '/persona', '/exit', '/quit'],
    personaNames: async () => ['lilly', 'plain', 'sweet', 'tsundere', 'mine'],
    listDirectory: async (relative) => {
      listed.push(relative)
      return TREE[relative] ?? []
    },
  }
}

describe('completeLine', () => {
  const cases: Array<[line: string, candidates: string[], completing: string]> = [
    ['/he', ['/help'], '/he'],
    ['/p', ['/permissions', '/persona'], '/p'],
    ['/', ['/exit', '/help', '/permissions', '/persona', '/quit', '/tools'], '/'],
    ['/nothing', [], '/nothing'],
    ['/persona sw', ['sweet'], 'sw'],
    ['/persona ', ['add', 'copy', 'diff', 'evolve', 'lilly', 'mine', 'plain', 'remove', 'sweet', 'tsundere'], ''],
    ['/persona d', ['diff'], 'd'],
    ['/persona diff t', ['tsundere'], 't'],
    ['/persona remove m', ['mine'], 'm'],
    ['/persona copy lilly ', [], ''],
    ['/persona evolve o', ['off', 'on'], 'o'],
    ['/persona add x ', [], ''],
    ['/tools x', [], 'x'],
    ['hello', [], 'hello'],
    ['', [], ''],
    ['@sr', ['@src/'], '@sr'],
    ['look at @s', ['@scripts/', '@src/'], '@s'],
    ['@', ['@README.md', '@scripts/', '@src/'], '@'],
    ['@.', ['@.env', '@.github/'], '@.'],
    ['@src/', ['@src/cli/', '@src/commands/', '@src/index.ts'], '@src/'],
    ['@src/cl', ['@src/cli/'], '@src/cl'],
    ['@src/cli/r', ['@src/cli/repl.ts'], '@src/cli/r'],
    ['@src/../src/i', ['@src/../src/index.ts'], '@src/../src/i'],
    ['@nope/x', [], '@nope/x'],
    ['/persona add x -f @R', ['@README.md'], '@R'],
  ]
  test.each(cases)('%j → %j', async (line, candidates, completing) => {
    expect(await completeLine(line, sources())).toEqual([candidates, completing])
  })

  const escaping = ['@../', '@../etc/pa', '@src/../../x', '@/etc/pa', '@/']
  test.each(escaping)('%j leaves the workspace: nothing, and no directory is listed', async (line) => {
    const source = sources()
    expect(await completeLine(line, source)).toEqual([[], line])
    expect(source.listed).toEqual([])
  })
})

describe('insideWorkspace', () => {
  test.each([
    ['', true],
    ['src/', true],
    ['./src/', true],
    ['src/../lib/', true],
    ['../', false],
    ['src/../../', false],
    ['/etc/', false],
    ['a/b/../../../c/', false],
  ])('%j → %s', (directory, inside) => {
    expect(insideWorkspace(directory)).toBe(inside)
  })
})
