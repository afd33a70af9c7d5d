import {describe, expect, test} from '@jest/globals'

import type {CallFacts, CommandTargetFacts} from '../../src/policy/call-facts.js'
import {decide, type PolicyContext} from '../../src/policy/decide.js'
import type {Grant, ReasonCode} from '../../src/policy/types.js'
import {callOf, command, pathAt, PROJECT_FILE, ruleSet} from './policy-fixtures.js'

const write = callOf('write_file', true, pathAt('/ws/a.txt'))
const read = callOf('read_file', false, pathAt('/ws/a.txt'))
const readOutside = callOf('read_file', false, pathAt('/etc/hosts'))
const writeOutside = callOf('write_file', true, pathAt('/etc/hosts'))
const push = callOf('bash', true, command('git push', ['git push']))
const weird = callOf('bash', true, command('echo $((', undefined, 'unexpected end of input'))
const sudo = {code: 'hard-deny' as const, message: 'refused: privilege escalation (sudo)'}

const toolGrant = (tool: string): Grant => ({scope: 'tool', tool})
const targetGrant = (tool: string, target: string): Grant => ({scope: 'target', tool, target})

function context(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return {bypass: false, grants: [], ...overrides}
}

describe('decide: each step of the order', () => {
  test.each<[string, CallFacts, PolicyContext, 'allow' | 'ask' | 'deny', ReasonCode]>([
    ['1 hard deny refuses', push, context({hardDeny: sudo}), 'deny', 'hard-deny'],
    ['1 a mutating target outside the workspace is refused', writeOutside, context(), 'deny', 'outside-workspace'],
    ['1 a mutating target that could not be resolved is refused', callOf('write_file', true, pathAt('/ws/loop', {unresolvable: 'symlink loop'})), context(), 'deny', 'outside-workspace'],
    ['2 a deny rule refuses', push, context({rules: ruleSet({deny: ['bash(git push*)']})}), 'deny', 'rule-deny'],
    ['3 an ask rule asks', push, context({rules: ruleSet({ask: ['bash(git push*)']})}), 'ask', 'rule-ask'],
    ['4 a tool grant allows', write, context({grants: [toolGrant('write_file')]}), 'allow', 'grant-tool'],
    ['4 a target grant allows that target', write, context({grants: [targetGrant('write_file', '/ws/a.txt')]}), 'allow', 'grant-target'],
    ['4 a target grant for another path does not', write, context({grants: [targetGrant('write_file', '/ws/b.txt')]}), 'ask', 'default-mutating'],
    ['4 a grant for another tool does not', write, context({grants: [toolGrant('edit_file')]}), 'ask', 'default-mutating'],
    ['5 an allow rule allows', write, context({rules: ruleSet({allow: ['write_file(*.txt)']})}), 'allow', 'rule-allow'],
    ['6 read-only allows', read, context(), 'allow', 'default-read-only'],
    ['6 mutating asks', write, context(), 'ask', 'default-mutating'],
    ['6 bypass turns the default ask into allow', write, context({bypass: true}), 'allow', 'bypass'],
    ['an unparsable command asks', weird, context(), 'ask', 'unparsable'],
    ['a read outside the workspace asks', readOutside, context(), 'ask', 'outside-workspace'],
    ['an unresolvable read asks', callOf('read_file', false, pathAt('/ws/loop', {unresolvable: 'symlink loop'})), context(), 'ask', 'outside-workspace'],
  ])('%s', (_name, call, ctx, action, code) => {
    const decision = decide(call, ctx)
    expect(decision.action).toBe(action)
    expect(decision.reason.code).toBe(code)
  })
})

describe('decide: overrides that must NOT happen', () => {
  const everything = {bypass: true, grants: [toolGrant('bash'), targetGrant('bash', 'git push')]}
  test.each<[string, CallFacts, PolicyContext, 'ask' | 'deny', ReasonCode]>([
    ['bypass, grants and an allow rule vs hard deny', push, context({...everything, rules: ruleSet({allow: ['bash']}), hardDeny: sudo}), 'deny', 'hard-deny'],
    ['bypass vs a deny rule', push, context({bypass: true, rules: ruleSet({deny: ['bash(git push*)']})}), 'deny', 'rule-deny'],
    ['an allow rule vs a deny rule', push, context({rules: ruleSet({deny: ['bash(git push*)'], allow: ['bash(git *)']})}), 'deny', 'rule-deny'],
    ['a session grant vs a deny rule', push, context({...everything, rules: ruleSet({deny: ['bash(git push*)']})}), 'deny', 'rule-deny'],
    ['an ask rule vs a deny rule', push, context({rules: ruleSet({deny: ['bash(git push*)'], ask: ['bash']})}), 'deny', 'rule-deny'],
    ['a session tool grant vs an ask rule', push, context({grants: [toolGrant('bash')], rules: ruleSet({ask: ['bash(git push*)']})}), 'ask', 'rule-ask'],
    ['a session target grant vs an ask rule', push, context({grants: [targetGrant('bash', 'git push')], rules: ruleSet({ask: ['bash(git push*)']})}), 'ask', 'rule-ask'],
    ['an allow rule vs an ask rule', push, context({rules: ruleSet({ask: ['bash(git push*)'], allow: ['bash(git push*)']})}), 'ask', 'rule-ask'],
    ['bypass vs an ask rule', push, context({bypass: true, rules: ruleSet({ask: ['bash(git push*)']})}), 'ask', 'rule-ask'],
    ['bypass, grants and an allow rule vs an unparsable command', weird, context({...everything, grants: [toolGrant('bash'), targetGrant('bash', 'echo $((')], rules: ruleSet({allow: ['bash', 'bash(echo*)']})}), 'ask', 'unparsable'],
    ['bypass, a tool grant and an allow rule vs a mutating target outside', writeOutside, context({bypass: true, grants: [toolGrant('write_file')], rules: ruleSet({allow: ['write_file', 'write_file(/etc/**)']})}), 'deny', 'outside-workspace'],
    ['bypass vs a read outside the workspace', readOutside, context({bypass: true}), 'ask', 'outside-workspace'],
    ['a tool grant vs a read outside the workspace', readOutside, context({grants: [toolGrant('read_file')]}), 'ask', 'outside-workspace'],
    ['an allow rule naming the tool alone vs a read outside the workspace', readOutside, context({rules: ruleSet({allow: ['read_file']})}), 'ask', 'outside-workspace'],
    ['a relative allow rule (**) vs a read outside the workspace', readOutside, context({rules: ruleSet({allow: ['read_file(**)']})}), 'ask', 'outside-workspace'],
    ['an allow rule vs an unresolvable read', callOf('read_file', false, pathAt('/ws/loop', {unresolvable: 'symlink loop'})), context({rules: ruleSet({allow: ['read_file']}), grants: [toolGrant('read_file')]}), 'ask', 'outside-workspace'],
  ])('%s', (_name, call, ctx, action, code) => {
    const decision = decide(call, ctx)
    expect(decision.action).toBe(action)
    expect(decision.reason.code).toBe(code)
  })
})

describe('decide: what may allow a read outside the workspace', () => {
  test.each<[string, PolicyContext]>([
    ['a target grant on that exact path', context({grants: [targetGrant('read_file', '/etc/hosts')]})],
    ['an absolute allow rule', context({rules: ruleSet({allow: ['read_file(/etc/**)']})})],
    ['an absolute allow rule for every path', context({rules: ruleSet({allow: ['read_file(/**)']})})],
  ])('%s', (_name, ctx) => {
    expect(decide(readOutside, ctx).action).toBe('allow')
  })
})

describe('decide: reasons name the rule and its file', () => {
  test('a deny rule', () => {
    const decision = decide(push, context({rules: ruleSet({deny: ['bash(git push*)']})}))
    expect(decision.reason.rule).toEqual({text: 'bash(git push*)', source: PROJECT_FILE})
    expect(decision.reason.message).toContain('bash(git push*)')
    expect(decision.reason.message).toContain(PROJECT_FILE)
  })

  test('an ask rule', () => {
    const decision = decide(push, context({rules: ruleSet({ask: ['bash']})}))
    expect(decision.reason.rule).toEqual({text: 'bash', source: PROJECT_FILE})
  })

  test('an allow rule covering a compound command names every rule it used', () => {
    const call = callOf('bash', true, command('npm test && git status', ['npm test', 'git status']))
    const decision = decide(call, context({rules: ruleSet({allow: ['bash(npm test*)', 'bash(git status)']})}))
    expect(decision.action).toBe('allow')
    expect(decision.reason.rule).toEqual({text: 'bash(npm test*)', source: PROJECT_FILE})
    expect(decision.reason.message).toContain('bash(git status)')
  })

  test('no rule: no rule in the reason', () => {
    expect(decide(write, context()).reason.rule).toBeUndefined()
  })

  test('a hard deny passes the edge reason through unchanged', () => {
    expect(decide(push, context({hardDeny: sudo}))).toEqual({action: 'deny', reason: sudo})
  })
})

describe('decide: targets', () => {
  test('a call with two targets needs both granted', () => {
    const move = callOf('move_file', true, pathAt('/ws/a'), pathAt('/ws/b'))
    const one = [targetGrant('move_file', '/ws/a')]
    expect(decide(move, context({grants: one})).action).toBe('ask')
    expect(decide(move, context({grants: [...one, targetGrant('move_file', '/ws/b')]})).action).toBe('allow')
  })

  test('a call with two targets needs both allowed, one denied is enough to refuse', () => {
    const move = callOf('move_file', true, pathAt('/ws/src/a.ts'), pathAt('/ws/secrets/a.ts'))
    expect(decide(move, context({rules: ruleSet({allow: ['move_file(src/**)']})})).action).toBe('ask')
    expect(decide(move, context({rules: ruleSet({allow: ['move_file(src/**)', 'move_file(secrets/**)']})})).action).toBe('allow')
    expect(decide(move, context({rules: ruleSet({deny: ['move_file(secrets/**)'], allow: ['move_file']})})).action).toBe('deny')
  })

  test('a call with no targets is matched only by a rule naming the tool alone', () => {
    const bare = callOf('list_todos', true)
    expect(decide(bare, context({rules: ruleSet({allow: ['list_todos(*)']})})).action).toBe('ask')
    expect(decide(bare, context({rules: ruleSet({allow: ['list_todos']})})).action).toBe('allow')
  })
})

describe('decide: a bash command proven read-only (the default step)', () => {
  const ls = (readOnly: CommandTargetFacts['readOnly']): CommandTargetFacts => ({kind: 'command', key: 'ls -la', simpleCommands: ['ls -la'], readOnly})
  const provenLs = callOf('bash', true, ls({proven: true}))
  const on = (overrides: Partial<PolicyContext> = {}): PolicyContext => context({readOnlyCommands: true, ...overrides})

  test.each<[string, CallFacts, PolicyContext, 'allow' | 'ask' | 'deny', ReasonCode]>([
    ['proven and turned on: allowed', provenLs, on(), 'allow', 'read-only-command'],
    ['proven but turned off: asks', provenLs, context(), 'ask', 'default-mutating'],
    ['a deny rule still wins', provenLs, on({rules: ruleSet({deny: ['bash(ls*)']})}), 'deny', 'rule-deny'],
    ['an ask rule for the tool still wins', provenLs, on({rules: ruleSet({ask: ['bash']})}), 'ask', 'rule-ask'],
    ['a hard deny still wins', provenLs, on({hardDeny: sudo}), 'deny', 'hard-deny'],
    ['an allow rule decides before the default', provenLs, on({rules: ruleSet({allow: ['bash(ls*)']})}), 'allow', 'rule-allow'],
    ['not proven: asks', callOf('bash', true, ls({proven: false, why: '> out.txt writes to a file'})), on(), 'ask', 'default-mutating'],
    ['not examined (no fact from the edge): asks', callOf('bash', true, ls(undefined)), on(), 'ask', 'default-mutating'],
    ['not proven with bypass: bypass allows', callOf('bash', true, ls({proven: false, why: 'x'})), on({bypass: true}), 'allow', 'bypass'],
    ['proven with bypass: the read-only reason', provenLs, on({bypass: true}), 'allow', 'read-only-command'],
    ['another tool with a proven command target: asks', callOf('fixture_shell', true, ls({proven: true})), on(), 'ask', 'default-mutating'],
    ['one proven target and one not: asks', callOf('bash', true, ls({proven: true}), ls({proven: false, why: 'x'})), on(), 'ask', 'default-mutating'],
    ['a proven command with a path target: asks', callOf('bash', true, ls({proven: true}), pathAt('/ws/a.txt')), on(), 'ask', 'default-mutating'],
    [
      'an unparsable command is never allowed by the proof',
      callOf('bash', true, {...command('ls $((', undefined, 'unexpected end'), readOnly: {proven: true}}),
      on(),
      'ask',
      'unparsable',
    ],
  ])('%s', (_name, call, ctx, action, code) => {
    const decision = decide(call, ctx)
    expect(decision.action).toBe(action)
    expect(decision.reason.code).toBe(code)
  })

  test('the messages say why: proven, not proven, turned off', () => {
    expect(decide(provenLs, on()).reason.message).toBe(
      'bash runs a command proven read-only: known read-only programs, nothing written, only files inside the workspace',
    )
    expect(decide(callOf('bash', true, ls({proven: false, why: '> out.txt writes to a file'})), on()).reason.message).toBe(
      'bash can change files or run commands (not proven read-only: > out.txt writes to a file)',
    )
    expect(decide(provenLs, context()).reason.message).toBe('bash can change files or run commands (read-only commands ask too: permissions.readOnlyCommands is ask)')
  })
})
