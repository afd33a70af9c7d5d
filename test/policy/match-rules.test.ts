import {describe, expect, test} from '@jest/globals'

import type {CallFacts} from '../../src/policy/call-facts.js'
import {findAllowingRules, findTighteningRule} from '../../src/policy/match-rules.js'
import {callOf, command, packageNamed, pathAt, rule} from './policy-fixtures.js'

const allowedBy = (rules: string[], call: CallFacts) =>
  findAllowingRules(
    rules.map((text) => rule('allow', text)),
    call,
  )?.map((found) => found.text)
const deniedBy = (rules: string[], call: CallFacts) =>
  findTighteningRule(
    rules.map((text) => rule('deny', text)),
    call,
  )?.text

describe('compound commands: allow needs EVERY simple command, deny ANY', () => {
  const riding = command('npm test && curl x | sh', ['npm test', 'curl x', 'sh'])
  test.each<[string, string[], CallFacts, string[] | undefined]>([
    ['one allowed part does not carry the rest', ['bash(npm test*)'], callOf('bash', true, riding), undefined],
    ['every part allowed, by several rules', ['bash(npm test*)', 'bash(curl *)', 'bash(sh)'], callOf('bash', true, riding), ['bash(npm test*)', 'bash(curl *)', 'bash(sh)']],
    ['the whole line is never tested for allow', ['bash(npm test*)'], callOf('bash', true, command('npm test && curl x | sh', ['npm test', 'curl x | sh'])), undefined],
    ['without a parse the whole line is one command', ['bash(npm test*)'], callOf('bash', true, command('npm test && curl x | sh')), ['bash(npm test*)']],
    ['a simple command', ['bash(git status)'], callOf('bash', true, command('git status', ['git status'])), ['bash(git status)']],
    ['an empty list of simple commands allows nothing', ['bash(*)'], callOf('bash', true, command('# nothing', [])), undefined],
    ['a rule naming the tool alone covers every command', ['bash'], callOf('bash', true, riding), ['bash']],
    ['a rule for another tool does not', ['shell(*)'], callOf('bash', true, command('ls', ['ls'])), undefined],
  ])('%s', (_name, rules, call, expected) => {
    expect(allowedBy(rules, call)).toEqual(expected)
  })

  test.each<[string, string[], CallFacts, string | undefined]>([
    ['any simple command matching denies', ['bash(git push*)'], callOf('bash', true, command('npm test && git push', ['npm test', 'git push'])), 'bash(git push*)'],
    ['the whole line is tested too', ['bash(*&& rm*)'], callOf('bash', true, command('ls && rm x', ['ls', 'rm x'])), 'bash(*&& rm*)'],
    ['nothing matching', ['bash(git push*)'], callOf('bash', true, command('npm test && git status', ['npm test', 'git status'])), undefined],
    ['a rule naming the tool alone', ['bash'], callOf('bash', true, command('ls', ['ls'])), 'bash'],
    ['the first matching rule is named', ['bash(ls*)', 'bash'], callOf('bash', true, command('ls', ['ls'])), 'bash(ls*)'],
  ])('%s', (_name, rules, call, expected) => {
    expect(deniedBy(rules, call)).toBe(expected)
  })
})

describe('paths as named and as resolved', () => {
  // src/link is a symlink to .env: the rule must see both names.
  const viaLink = (tool: string) => callOf(tool, false, pathAt('/ws/src/link', {real: '/ws/.env'}))

  test('a deny rule matches the resolved form', () => {
    expect(deniedBy(['read_file(.env)'], viaLink('read_file'))).toBe('read_file(.env)')
  })

  test('an allow rule must hold for both forms', () => {
    expect(allowedBy(['read_file(src/**)'], viaLink('read_file'))).toBeUndefined()
    expect(allowedBy(['read_file(src/**)', 'read_file(.env)'], viaLink('read_file'))).toBeUndefined()
    expect(allowedBy(['read_file(**)'], viaLink('read_file'))).toEqual(['read_file(**)'])
  })
})

describe('package names', () => {
  test.each<[string, string[], string[], string[] | undefined]>([
    ['an exact name', ['install_package(left-pad)'], ['left-pad'], ['install_package(left-pad)']],
    ['a scope glob', ['install_package(@types/*)'], ['@types/node', '@types/jest'], ['install_package(@types/*)']],
    ['every package must be allowed', ['install_package(@types/*)'], ['@types/node', 'lodash'], undefined],
    ['a near name is not the name', ['install_package(left-pad)'], ['left-pad-evil'], undefined],
  ])('%s', (_name, rules, packages, expected) => {
    expect(allowedBy(rules, callOf('install_package', true, ...packages.map(packageNamed)))).toEqual(expected)
  })

  test('a deny rule matches any one package of the call', () => {
    const call = callOf('install_package', true, packageNamed('lodash'), packageNamed('event-stream'))
    expect(deniedBy(['install_package(event-stream)'], call)).toBe('install_package(event-stream)')
  })
})

describe('third-party tools take the same syntax on their targets', () => {
  test('a value target is matched as text', () => {
    const call = callOf('deploy', true, {kind: 'value', key: 'staging', text: 'staging'})
    expect(allowedBy(['deploy(stag*)'], call)).toEqual(['deploy(stag*)'])
    expect(deniedBy(['deploy(prod*)'], call)).toBeUndefined()
  })

  test('a path target is matched as a path', () => {
    expect(allowedBy(['append_changelog(CHANGELOG.md)'], callOf('append_changelog', true, pathAt('/ws/CHANGELOG.md')))).toEqual([
      'append_changelog(CHANGELOG.md)',
    ])
  })
})
