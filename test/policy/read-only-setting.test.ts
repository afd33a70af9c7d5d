import {describe, expect, test} from '@jest/globals'

import {effectiveReadOnlyCommands, type SettingsFile} from '../../src/policy/effective-rules.js'
import {EMPTY_TRUST_STORE, trust} from '../../src/policy/trust.js'
import {validateConfig} from '../../src/runtime/config/config-schema.js'

const USER = '/home/u/.config/lillycoder/config.yaml'
const PROJECT = '/ws/.lillycoderrc.yaml'

function file(origin: 'user' | 'project', readOnlyCommands?: 'allow' | 'ask'): SettingsFile {
  return {path: origin === 'user' ? USER : PROJECT, origin, sha256: `${origin}-hash`, settings: {permissions: readOnlyCommands ? {readOnlyCommands} : {}}}
}

const trusted = trust(EMPTY_TRUST_STORE, PROJECT, 'project-hash', new Date(0))

describe('permissions.readOnlyCommands in a config file', () => {
  test.each([['allow'], ['ask']])('%s is accepted', (value) => {
    expect(validateConfig({permissions: {readOnlyCommands: value}}, PROJECT, 'project').settings.permissions?.readOnlyCommands).toBe(value)
  })

  test.each([['yes'], [true], [false], [''], ['deny'], [['ask']]])('%j is a ConfigError naming the key and both values', (value) => {
    expect(() => validateConfig({permissions: {readOnlyCommands: value}}, PROJECT, 'project')).toThrow(
      /permissions\.readOnlyCommands.*must be "allow" .* or "ask"/,
    )
  })

  test('it is a known key: no warning', () => {
    expect(validateConfig({permissions: {readOnlyCommands: 'ask'}}, PROJECT, 'project').warnings).toEqual([])
  })
})

describe('the effective setting of the user and project files', () => {
  test.each<[string, SettingsFile[], typeof trusted, 'allow' | 'ask', string | undefined]>([
    ['no files: allow', [], EMPTY_TRUST_STORE, 'allow', undefined],
    ['files without the key: allow', [file('user'), file('project')], EMPTY_TRUST_STORE, 'allow', undefined],
    ['the user turns it off', [file('user', 'ask'), file('project')], EMPTY_TRUST_STORE, 'ask', undefined],
    ['an untrusted project file may turn it off (tightening)', [file('user'), file('project', 'ask')], EMPTY_TRUST_STORE, 'ask', undefined],
    ['a project file beats the user allow when it tightens', [file('user', 'allow'), file('project', 'ask')], EMPTY_TRUST_STORE, 'ask', undefined],
    ['an untrusted project file cannot turn it back on', [file('user', 'ask'), file('project', 'allow')], EMPTY_TRUST_STORE, 'ask', PROJECT],
    ['a trusted project file can', [file('user', 'ask'), file('project', 'allow')], trusted, 'allow', undefined],
    [
      'trust of other content does not count',
      [file('user', 'ask'), file('project', 'allow')],
      trust(EMPTY_TRUST_STORE, PROJECT, 'older-hash', new Date(0)),
      'ask',
      PROJECT,
    ],
    ['a project allow where the user said nothing is the default anyway', [file('user'), file('project', 'allow')], EMPTY_TRUST_STORE, 'allow', undefined],
  ])('%s', (_name, files, store, value, ignored) => {
    expect(effectiveReadOnlyCommands(files, store)).toEqual(ignored === undefined ? {value} : {value, ignored})
  })
})
