import {describe, expect, test} from '@jest/globals'

import type {CallFacts} from '../../src/policy/call-facts.js'
import {alwaysGrants, describeAlways, describeGrant} from '../../src/policy/command-grant.js'
import {decide} from '../../src/policy/decide.js'
import {parseShell} from '../../src/policy/edge/parse-shell.js'
import {plainCommandWords} from '../../src/policy/shell-parse/plain-command.js'
import type {Grant} from '../../src/policy/types.js'
import {callOf, pathAt, ruleSet} from './policy-fixtures.js'

/** A bash call as the system edge describes it: the real parser's plain words. */
async function bashCall(line: string): Promise<CallFacts> {
  const plainWords = plainCommandWords(await parseShell(line))
  return callOf('bash', true, {kind: 'command', key: line, simpleCommands: [line], plainWords})
}

const npmTest: Grant = {scope: 'command', tool: 'bash', words: ['npm', 'test']}

describe('a command grant for `npm test …`', () => {
  test.each<[line: string, allowed: boolean]>([
    ['npm test', true],
    ['npm test -- --watch', true],
    ['npm  test   -x', true],
    ["npm 'test' -- -x", true],
    ['npm install x', false],
    ['rm x', false],
    ['npm tests', false],
    ['npm', false],
    ['/usr/bin/npm test', false],
    ['npm test && rm x', false],
    ['npm test; rm x', false],
    ['npm test | tee log', false],
    ['npm test > out.txt', false],
    ['npm test &', false],
    ['FOO=1 npm test', false],
    ['npm test $(rm x)', false],
    ['npm test $HOME', false],
    ['(npm test)', false],
    ['env npm test', false],
  ])('%s → allowed=%s', async (line, allowed) => {
    const decision = decide(await bashCall(line), {bypass: false, grants: [npmTest]})
    expect(decision.action).toBe(allowed ? 'allow' : 'ask')
    if (allowed) expect(decision.reason).toEqual({code: 'grant-command', message: 'you allowed bash: npm test … for this session'})
  })

  test('it does not win over an ask rule', async () => {
    const decision = decide(await bashCall('npm test'), {bypass: false, grants: [npmTest], rules: ruleSet({ask: ['bash(npm test*)']})})
    expect(decision.reason.code).toBe('rule-ask')
  })

  test('it belongs to bash: another tool with the same words is not covered', async () => {
    const call = {...(await bashCall('npm test')), tool: 'run_script'}
    expect(decide(call, {bypass: false, grants: [npmTest]}).action).toBe('ask')
  })
})

describe('what `a` grants, and how the gate names it', () => {
  test.each<[line: string, granted: string, answer: string]>([
    ['npm test', 'bash: npm test …', 'always for npm test …'],
    ['npm test -- --watch', 'bash: npm test …', 'always for npm test …'],
    ['git log --oneline', 'bash: git log …', 'always for git log …'],
    ['npm run build:prod', 'bash: npm run …', 'always for npm run …'],
    ['ls -la', 'bash on ls -la: always', 'always for this exact command'],
    ['make', 'bash on make: always', 'always for this exact command'],
    ['rm a.txt', 'bash on rm a.txt: always', 'always for this exact command'],
    ['cd sub && npm test', 'bash on cd sub && npm test: always', 'always for this exact command'],
    ['env npm test', 'bash on env npm test: always', 'always for this exact command'],
    ['sudo apt update', 'bash on sudo apt update: always', 'always for this exact command'],
    ["bash -c 'npm test'", "bash on bash -c 'npm test': always", 'always for this exact command'],
    ['npm test > log', 'bash on npm test > log: always', 'always for this exact command'],
  ])('%s grants %s', async (line, granted, answer) => {
    const grants = alwaysGrants(await bashCall(line))
    expect(grants.map(describeGrant)).toEqual([granted])
    expect(describeAlways(grants)).toBe(answer)
  })

  test('other tools keep the tool grant', () => {
    const grants = alwaysGrants(callOf('write_file', true, pathAt('/ws/a.txt')))
    expect(grants).toEqual([{scope: 'tool', tool: 'write_file'}])
    expect(describeAlways(grants)).toBe('always for this tool')
  })
})
