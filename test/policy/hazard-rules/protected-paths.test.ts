import {describe, expect, test} from '@jest/globals'
import {type Danger, pathDanger} from '../../../src/policy/hazard-rules/protected-paths.js'
import {envFor, newShellState} from '../../../src/policy/shell-classify/shell-state.js'
import type {ShellWord, SimpleCommand, WordPart} from '../../../src/policy/shell-parse/parsed-command.js'
import {literalWord, wordOf} from '../../../src/policy/shell-parse/shell-words.js'

const command: SimpleCommand = {text: 'rm -rf x', argv: [], assignments: [], redirects: [], scope: '0', background: false, syntax: [], nested: []}

function dangerIn(cwd: string | null, word: ShellWord): Danger | undefined {
  const env = envFor(newShellState({cwd, home: '/home/dev'}, cwd, new Map()), command, [command])
  return pathDanger(word, env)
}

describe('refused targets', () => {
  test.each<[string, string]>([
    ['/', 'the root directory /'],
    ['/etc', 'the system directory /etc'],
    ['/tmp', 'the system directory /tmp'],
    ['/usr/local', 'the system directory /usr/local'],
    ['/home/dev', 'your home directory /home/dev'],
    ['/home', '/home, which holds your home directory'],
    ['/home/ann', 'the home directory /home/ann'],
    ['../..', 'the root directory /'],
    ['/usr/*', 'everything in the system directory /usr'],
    ['/e*', 'the system directory /etc'],
    ['/h?me/dev', 'your home directory /home/dev'],
  ])('%j: %s', (path, label) => {
    expect(dangerIn('/work/project', literalWord(path))).toEqual({kind: 'deny', label})
  })
})

test.each(['./build', '/work/project', '/etc/nginx', '/tmp/*', '/var/log/*', '/home/dev/project', '/usr/local/lib/x'])('%j is not protected', (path) => {
  expect(dangerIn('/work/project', literalWord(path))).toBeUndefined()
})

describe('targets only known at run time are suspicious when they could be protected', () => {
  test('a relative path in an unknown directory', () => {
    expect(dangerIn(null, literalWord('..'))).toEqual({kind: 'suspicious', why: 'it runs in a directory only known at run time'})
    expect(dangerIn(null, literalWord('build'))).toBeUndefined()
  })

  test('an unknown variable that would leave the root if empty', () => {
    const parts: WordPart[] = [{kind: 'variable', name: 'DIR', text: '$DIR'}, {kind: 'literal', text: '/', quoted: false}]
    expect(dangerIn('/work/project', wordOf(parts))).toEqual({
      kind: 'suspicious',
      why: '$DIR/ would be the root directory / if what it expands to were empty',
    })
  })

  test('an unknown variable with a protected default is refused as the default', () => {
    const parts: WordPart[] = [{kind: 'variable', name: 'DIR', text: '${DIR:-/etc}', operator: ':-', operand: '/etc'}]
    expect(dangerIn('/work/project', wordOf(parts))).toEqual({kind: 'deny', label: 'the system directory /etc'})
  })
})
