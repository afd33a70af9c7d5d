import {describe, expect, test} from '@jest/globals'

import {decide} from '../../src/policy/decide.js'
import type {Grant} from '../../src/policy/types.js'

const write = {tool: 'write_file', mutates: true, targetKeys: ['/ws/a.txt']}
const read = {tool: 'read_file', mutates: false, targetKeys: ['/ws/a.txt']}

describe('decide (session part of the order)', () => {
  test.each<[string, typeof write, {bypass: boolean; grants: Grant[]}, string, string]>([
    ['read-only allows', read, {bypass: false, grants: []}, 'allow', 'default-read-only'],
    ['mutating asks', write, {bypass: false, grants: []}, 'ask', 'default-mutating'],
    ['bypass turns ask into allow', write, {bypass: true, grants: []}, 'allow', 'bypass'],
    ['tool grant allows', write, {bypass: false, grants: [{scope: 'tool', tool: 'write_file'}]}, 'allow', 'grant-tool'],
    ['target grant allows that target', write, {bypass: false, grants: [{scope: 'target', tool: 'write_file', target: '/ws/a.txt'}]}, 'allow', 'grant-target'],
    ['target grant for another path does not', write, {bypass: false, grants: [{scope: 'target', tool: 'write_file', target: '/ws/b.txt'}]}, 'ask', 'default-mutating'],
    ['a grant for another tool does not', write, {bypass: false, grants: [{scope: 'tool', tool: 'edit_file'}]}, 'ask', 'default-mutating'],
  ])('%s', (_name, call, ctx, action, code) => {
    const decision = decide(call, ctx)
    expect(decision.action).toBe(action)
    expect(decision.reason.code).toBe(code)
  })

  test('a call with two targets needs both granted', () => {
    const move = {tool: 'move_file', mutates: true, targetKeys: ['/ws/a', '/ws/b']}
    const one: Grant[] = [{scope: 'target', tool: 'move_file', target: '/ws/a'}]
    expect(decide(move, {bypass: false, grants: one}).action).toBe('ask')
    expect(decide(move, {bypass: false, grants: [...one, {scope: 'target', tool: 'move_file', target: '/ws/b'}]}).action).toBe('allow')
  })

  test('a hard deny wins over bypass and grants', () => {
    const hardDeny = {code: 'hard-deny' as const, message: 'refused: privilege escalation (sudo)'}
    const decision = decide({tool: 'bash', mutates: true, targetKeys: ['sudo ls']}, {bypass: true, grants: [{scope: 'tool', tool: 'bash'}], hardDeny})
    expect(decision).toEqual({action: 'deny', reason: hardDeny})
  })
})
