import {describe, expect, test} from '@jest/globals'

import {grantLine, grantNote} from '../../../../src/cli/terminal/gate/grant-view.js'
import type {Grant} from '../../../../src/policy/types.js'

const grants: Grant[] = [
  {scope: 'tool', tool: 'write_file'},
  {scope: 'command', tool: 'bash', words: ['npm', 'test']},
  {scope: 'command', tool: 'bash', words: ['git', 'log']},
  {scope: 'target', tool: 'bash', target: 'a && b'},
  {scope: 'target', tool: 'edit_file', target: '/ws/a.txt'},
  {scope: 'target', tool: 'edit_file', target: '/ws/b.txt'},
  {scope: 'tool', tool: 'edit_file'},
  {scope: 'target', tool: 'delete_file', target: '/ws/c.txt'},
]

describe('/tools notes', () => {
  test.each<[string, string]>([
    ['write_file', 'granted: always'],
    ['edit_file', 'granted: always'],
    ['bash', 'granted: npm test …, git log …; granted for 1 exact command'],
    ['delete_file', 'granted for 1 path'],
    ['read_file', ''],
  ])('%s → %j', (tool, note) => {
    expect(grantNote(tool, grants)).toBe(note)
  })

  test('two path grants are counted', () => {
    expect(grantNote('edit_file', grants.filter((grant) => grant.scope === 'target'))).toBe('granted for 2 paths')
  })
})

describe('/permissions lines', () => {
  test.each<[Grant, string]>([
    [{scope: 'tool', tool: 'write_file'}, 'write_file: always, this session'],
    [{scope: 'command', tool: 'bash', words: ['npm', 'test']}, 'bash: npm test …, this session'],
    [{scope: 'target', tool: 'bash', target: 'a && b'}, 'bash on a && b: always, this session'],
  ])('%j → %s', (grant, line) => {
    expect(grantLine(grant)).toBe(line)
  })
})
