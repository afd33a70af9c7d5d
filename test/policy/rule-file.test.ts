import path from 'node:path'

import {describe, expect, test} from '@jest/globals'

import {readRuleFile} from '../../src/policy/rule-file.js'
import {ConfigError} from '../../src/runtime/config/config-error.js'
import type {ConfigFile} from '../../src/runtime/config/config-files.js'

const home = '/home/dev'
const file = (permissions: NonNullable<ConfigFile['settings']['permissions']>): ConfigFile => ({
  path: '/repo/.lillycoderrc.yaml',
  origin: 'project',
  settings: {permissions},
  sha256: 'a'.repeat(64),
})

describe('readRuleFile', () => {
  test('reads every list in deny, ask, allow order, each rule naming its file', () => {
    const read = readRuleFile(file({allow: ['bash(npm test*)'], deny: ['bash(git push*)'], ask: ['install_package']}), home)
    expect(read.rules.map((rule) => [rule.action, rule.text, rule.source])).toEqual([
      ['deny', 'bash(git push*)', '/repo/.lillycoderrc.yaml'],
      ['ask', 'install_package', '/repo/.lillycoderrc.yaml'],
      ['allow', 'bash(npm test*)', '/repo/.lillycoderrc.yaml'],
    ])
    expect(read.sha256).toBe('a'.repeat(64))
  })

  test('a file without permissions has no rules', () => {
    expect(readRuleFile({path: '/u/config.yaml', origin: 'user', settings: {model: 'm'}, sha256: 'b'.repeat(64)}, home).rules).toEqual([])
  })

  test('a ~/ glob is read against the home given', () => {
    const [rule] = readRuleFile(file({deny: ['read_file(~/.ssh/**)']}), home).rules
    expect(rule?.text).toBe('read_file(~/.ssh/**)')
    expect(rule?.matcher?.path({absolute: path.join(home, '.ssh', 'id_rsa')})).toBe(true)
    expect(rule?.matcher?.path({absolute: '/root/.ssh/id_rsa'})).toBe(false)
  })

  test.each<[string, NonNullable<ConfigFile['settings']['permissions']>, string[]]>([
    ['unbalanced parentheses', {allow: ['bash', 'bash(npm test*']}, ['permissions.allow[1]', 'rule "bash(npm test*"', 'unbalanced parentheses']],
    ['an invalid glob', {deny: ['edit_file(src/[ab)']}, ['permissions.deny[0]', 'unbalanced "["']],
  ])('a rule with %s is a ConfigError naming the file, the key and the problem', (_name, permissions, phrases) => {
    let thrown: unknown
    try {
      readRuleFile(file(permissions), home)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect((thrown as ConfigError).message.startsWith('/repo/.lillycoderrc.yaml: ')).toBe(true)
    for (const phrase of phrases) expect((thrown as ConfigError).message).toContain(phrase)
  })
})
