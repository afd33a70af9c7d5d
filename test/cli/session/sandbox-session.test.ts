import {describe, expect, test} from '@jest/globals'

import {ownPaths, sandboxSettings} from '../../../src/cli/session/sandbox-session.js'

describe('sandboxSettings', () => {
  test.each<[flag: 'auto' | 'on' | 'off' | undefined, configured: Parameters<typeof sandboxSettings>[1], mode: string, source: string]>([
    [undefined, undefined, 'auto', 'default'],
    [undefined, {mode: 'off'}, 'off', 'sandbox: off in the user config'],
    ['on', {mode: 'off'}, 'on', '--sandbox on'],
    ['off', undefined, 'off', '--sandbox off'],
    [undefined, {network: true}, 'auto', 'default'],
  ])('--sandbox %s with config %j → %s (%s)', (flag, configured, mode, source) => {
    expect(sandboxSettings(flag, configured)).toMatchObject({mode, modeSource: source})
  })

  test('network and writable come from the config whatever the flag', () => {
    expect(sandboxSettings('on', {network: true, writable: ['~/.m2']})).toMatchObject({network: true, writable: ['~/.m2']})
    expect(sandboxSettings(undefined, undefined)).toMatchObject({network: false, writable: []})
  })
})

describe('ownPaths', () => {
  test("lillycoder's config, state, data and cache dirs, from the XDG variables", () => {
    const env = {HOME: '/h', XDG_CONFIG_HOME: '/x/config', XDG_STATE_HOME: '/x/state', XDG_DATA_HOME: '/x/data', XDG_CACHE_HOME: '/x/cache'}
    expect(ownPaths(env)).toEqual(['/x/config/lillycoder', '/x/state/lillycoder', '/x/data/lillycoder', '/x/cache/lillycoder'])
    expect(ownPaths({HOME: '/h'})).toEqual(['/h/.config/lillycoder', '/h/.local/state/lillycoder', '/h/.local/share/lillycoder', '/h/.cache/lillycoder'])
    // Plugins live where oclif keeps its data, which LILLYCODER_DATA_DIR moves.
    expect(ownPaths({HOME: '/h', LILLYCODER_DATA_DIR: '/plugins'})).toContain('/plugins')
  })
})
