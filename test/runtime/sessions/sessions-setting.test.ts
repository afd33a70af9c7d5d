import {describe, expect, test} from '@jest/globals'

import {effectiveSettings} from '../../../src/runtime/config/config-files.js'
import {validateConfig} from '../../../src/runtime/config/config-schema.js'

// The `sessions` config key: on/off (or true/false) in either file; a project file can turn saving off, not on.

describe('the sessions setting', () => {
  test.each([
    ['off', false],
    ['on', true],
    [false, false],
    [true, true],
  ])('sessions: %s reads as %s', (value, saving) => {
    expect(validateConfig({sessions: value}, 'c.yaml', 'user').settings.sessions).toBe(saving)
  })

  test.each([['maybe'], [0], [['off']]])('sessions: %j is a config error naming the key', (value) => {
    expect(() => validateConfig({sessions: value}, 'c.yaml', 'user')).toThrow(/c\.yaml: sessions: must be on or off/)
  })

  const file = (sessions: boolean | undefined) => ({path: 'f', origin: 'user' as const, sha256: '', settings: sessions === undefined ? {} : {sessions}})
  test.each([
    [undefined, undefined, undefined],
    [false, undefined, false],
    [undefined, false, false],
    [false, true, false],
    [true, false, false],
  ])('user %s, project %s → %s', (user, project, effective) => {
    expect(effectiveSettings({user: file(user), project: file(project)}).sessions).toBe(effective)
  })
})
