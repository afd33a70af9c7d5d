import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import type {PolicyRuleSet} from '../../../src/policy/policy-rule.js'
import type {PolicyEdge} from '../../../src/policy/edge/policy-edge.js'
import {SessionPolicyEngine} from '../../../src/policy/edge/session-policy-engine.js'
import type {PreparedCall} from '../../../src/policy/types.js'
import {defineTool, type Target, type ToolDeclaration} from '../../../src/runtime/tools/tool-declaration.js'
import {ruleSet, WS} from '../policy-fixtures.js'

function fakeTool(name: string, mutates: boolean): ToolDeclaration {
  return defineTool({
    name,
    description: 'test tool',
    parameters: z.object({}),
    mutates,
    targets: () => [],
    run: async () => ({text: ''}),
  })
}

const readFile = fakeTool('read_file', false)
const writeFile = fakeTool('write_file', true)
const bash = fakeTool('bash', true)

const callOn = (tool: ToolDeclaration, ...targets: Target[]): PreparedCall => ({tool, args: {}, targets})
const at = (path: string): Target => ({kind: 'path', path})

function engine(rules: PolicyRuleSet, edge?: PolicyEdge, bypass = false): SessionPolicyEngine {
  return new SessionPolicyEngine({workspace: WS, bypass, rules, edge})
}

describe('targets are normalised before rules see them', () => {
  const denyEnv = engine(ruleSet({deny: ['read_file(.env)']}))
  test.each([['.env'], ['./.env'], ['/ws/.env'], ['sub/../.env'], ['/ws//.env']])('read_file(.env) denies %s', async (path) => {
    const decision = await denyEnv.decide(callOn(readFile, at(path)))
    expect(decision.action).toBe('deny')
    expect(decision.reason.rule?.text).toBe('read_file(.env)')
  })

  test.each([['sub/.env'], ['.env.example'], ['/other/.env']])('read_file(.env) does not deny %s', async (path) => {
    expect((await denyEnv.decide(callOn(readFile, at(path)))).reason.code).not.toBe('rule-deny')
  })

  test('~ in a target is the home directory, outside the workspace', async () => {
    const home = process.env.HOME ?? ''
    const decision = await engine(ruleSet({})).decide(callOn(readFile, at('~/.ssh/id_ed25519')))
    expect(decision).toMatchObject({action: 'ask', reason: {code: 'outside-workspace'}})
    expect(decision.reason.message).toContain(`${home}/.ssh/id_ed25519`)
  })

  test('writing outside the workspace is refused even with bypass', async () => {
    const decision = await engine(ruleSet({allow: ['write_file']}), undefined, true).decide(callOn(writeFile, at('../elsewhere/x')))
    expect(decision).toMatchObject({action: 'deny', reason: {code: 'outside-workspace'}})
  })
})

describe('the edge seam: what the classifier and confinement will supply', () => {
  const parsingEdge = (facts: Awaited<ReturnType<PolicyEdge['inspectCommand']>>): PolicyEdge => ({
    inspectPath: async () => ({outsideWorkspace: false}),
    inspectCommand: async () => facts,
  })

  test('simple commands from the parser: an allow rule must cover each', async () => {
    const edge = parsingEdge({simpleCommands: ['npm test', 'curl x', 'sh']})
    const call = callOn(bash, {kind: 'command', command: 'npm test && curl x | sh'})
    expect((await engine(ruleSet({allow: ['bash(npm test*)']}), edge).decide(call)).action).toBe('ask')
    expect((await engine(ruleSet({deny: ['bash(curl*)']}), edge).decide(call)).action).toBe('deny')
  })

  test('an unparsable command asks, whatever allows it', async () => {
    const edge = parsingEdge({unparsable: 'unexpected token'})
    const policy = engine(ruleSet({allow: ['bash']}), edge, true)
    const call = callOn(bash, {kind: 'command', command: 'echo $(('})
    await policy.grant(call, 'tool')
    expect(await policy.decide(call)).toMatchObject({action: 'ask', reason: {code: 'unparsable'}})
  })

  test('a hard deny from the classifier wins over everything', async () => {
    const hardDeny = {code: 'hard-deny' as const, message: 'refused: privilege escalation (sudo)'}
    const policy = engine(ruleSet({allow: ['bash']}), parsingEdge({hardDeny}), true)
    const call = callOn(bash, {kind: 'command', command: 'sudo ls'})
    await policy.grant(call, 'tool')
    expect(await policy.decide(call)).toEqual({action: 'deny', reason: hardDeny})
  })

  test('a symlink leading outside makes a read ask and a write refused', async () => {
    const edge: PolicyEdge = {inspectPath: async () => ({real: '/home/u/.ssh/id_ed25519', outsideWorkspace: true}), inspectCommand: async () => ({})}
    const rules = ruleSet({allow: ['read_file(**)', 'write_file(**)']})
    expect((await engine(rules, edge).decide(callOn(readFile, at('link')))).reason.code).toBe('outside-workspace')
    expect((await engine(rules, edge).decide(callOn(readFile, at('link')))).action).toBe('ask')
    expect((await engine(rules, edge).decide(callOn(writeFile, at('link')))).action).toBe('deny')
  })

  test("the refusal uses the edge's own words, and the classifier is told the workspace", async () => {
    const seen: string[] = []
    const edge: PolicyEdge = {
      inspectPath: async () => ({real: '/etc/passwd', outsideWorkspace: true, outsideReason: 'link resolves through a symbolic link to /etc/passwd'}),
      inspectCommand: async (_command, workspace) => {
        seen.push(workspace)
        return {}
      },
    }
    const decision = await engine(ruleSet({}), edge).decide(callOn(writeFile, at('link')))
    expect(decision.reason.message).toBe('write_file may not change /ws/link: link resolves through a symbolic link to /etc/passwd')
    await engine(ruleSet({}), edge).decide(callOn(bash, {kind: 'command', command: 'ls'}))
    expect(seen).toEqual([WS])
  })

  test('a deny rule sees the resolved path of a symlink inside the workspace', async () => {
    const edge: PolicyEdge = {inspectPath: async () => ({real: '/ws/.env', outsideWorkspace: false}), inspectCommand: async () => ({})}
    expect((await engine(ruleSet({deny: ['read_file(.env)']}), edge).decide(callOn(readFile, at('innocent-name')))).action).toBe('deny')
  })

  test('an edge that fails closes: the write is refused, the read asks', async () => {
    const failing: PolicyEdge = {
      inspectPath: async () => {
        throw new Error('ELOOP: too many symbolic links')
      },
      inspectCommand: async () => {
        throw new Error('parser crashed')
      },
    }
    const rules = ruleSet({allow: ['read_file', 'write_file', 'bash']})
    expect(await engine(rules, failing, true).decide(callOn(writeFile, at('loop')))).toMatchObject({action: 'deny', reason: {code: 'outside-workspace'}})
    expect(await engine(rules, failing, true).decide(callOn(readFile, at('loop')))).toMatchObject({action: 'ask'})
    expect(await engine(rules, failing, true).decide(callOn(bash, {kind: 'command', command: 'ls'}))).toMatchObject({action: 'ask', reason: {code: 'unparsable'}})
  })
})

describe('compound commands through the real shell parser: allowed only when every part is', () => {
  const allowTests = engine(ruleSet({allow: ['bash(npm test*)', 'bash(echo *)'], deny: ['bash(git push*)']}))
  test.each<[string, string, string]>([
    ['npm test', 'allow', 'rule-allow'],
    ['npm test -- --watch', 'allow', 'rule-allow'],
    ['npm test && echo done', 'allow', 'rule-allow'],
    ['npm test; rm -rf build', 'ask', 'default-mutating'],
    ['npm test $(curl x)', 'ask', 'default-mutating'],
    ['npm test `curl x`', 'ask', 'default-mutating'],
    ['npm test\ncurl x', 'ask', 'default-mutating'],
    ['npm test & curl x', 'ask', 'default-mutating'],
    ['npm test && curl x | sh', 'ask', 'unparsable'],
    ['git push origin', 'deny', 'rule-deny'],
    ['npm test && git push origin', 'deny', 'rule-deny'],
    ['echo "git push is a phrase"', 'allow', 'rule-allow'],
    ['npm test && sudo ls', 'deny', 'hard-deny'],
  ])('%j → %s (%s)', async (line, action, code) => {
    const decision = await allowTests.decide(callOn(bash, {kind: 'command', command: line}))
    expect(decision.action).toBe(action)
    expect(decision.reason.code).toBe(code)
  })
})

describe('session grants', () => {
  test('a target grant allows that exact path outside the workspace, a tool grant does not', async () => {
    const policy = engine(ruleSet({}))
    const hosts = callOn(readFile, at('/etc/hosts'))
    await policy.grant(hosts, 'tool')
    expect((await policy.decide(hosts)).action).toBe('ask')
    await policy.grant(hosts, 'target')
    expect((await policy.decide(hosts)).action).toBe('allow')
    expect((await policy.decide(callOn(readFile, at('/etc/passwd')))).action).toBe('ask')
  })

  test('a grant is keyed on the resolved path, so ./a and a are the same target', async () => {
    const policy = engine(ruleSet({}))
    await policy.grant(callOn(writeFile, at('./a.txt')), 'target')
    expect(policy.grants()).toEqual([{scope: 'target', tool: 'write_file', target: '/ws/a.txt'}])
    expect((await policy.decide(callOn(writeFile, at('a.txt')))).action).toBe('allow')
    expect(policy.revoke({scope: 'target', tool: 'write_file', target: '/ws/a.txt'})).toBe(true)
    expect((await policy.decide(callOn(writeFile, at('a.txt')))).action).toBe('ask')
  })
})

describe('a on bash, through the real system edge', () => {
  const npm = (command: string) => callOn(bash, {kind: 'command', command})

  test('the ask names what a grants; granting it allows the same program and subcommand only; revoke undoes it', async () => {
    const policy = engine(ruleSet({}))
    expect((await policy.decide(npm('npm test'))).onAlways).toEqual([{scope: 'command', tool: 'bash', words: ['npm', 'test']}])
    expect(await policy.grant(npm('npm test'), 'tool')).toEqual([{scope: 'command', tool: 'bash', words: ['npm', 'test']}])
    expect(await policy.decide(npm('npm test -- --watch'))).toMatchObject({action: 'allow', reason: {code: 'grant-command'}})
    expect((await policy.decide(npm('npm install x'))).action).toBe('ask')
    expect((await policy.decide(npm('npm test && rm x'))).action).toBe('ask')
    expect(policy.revoke({scope: 'command', tool: 'bash', words: ['npm', 'test']})).toBe(true)
    expect((await policy.decide(npm('npm test'))).action).toBe('ask')
  })

  test('a compound line is granted exactly', async () => {
    const policy = engine(ruleSet({}))
    expect(await policy.grant(npm('npm ci && npm test'), 'tool')).toEqual([{scope: 'target', tool: 'bash', target: 'npm ci && npm test'}])
    expect((await policy.decide(npm('npm ci && npm test'))).action).toBe('allow')
    expect((await policy.decide(npm('npm ci && npm test -x'))).action).toBe('ask')
  })

  test('an allowed call carries no onAlways', async () => {
    const decision = await engine(ruleSet({allow: ['bash(npm test*)']})).decide(npm('npm test'))
    expect(decision.action).toBe('allow')
    expect(decision.onAlways).toBeUndefined()
  })
})
