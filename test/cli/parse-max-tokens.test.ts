import {expect, test} from '@jest/globals'

import {parseMaxTokens} from '../../src/cli/parse-max-tokens.js'

test.each<[string, 'auto' | number]>([
  ['auto', 'auto'],
  [' AUTO ', 'auto'],
  ['16', 16],
  ['4096', 4096],
])('%j → %j', (text, setting) => {
  expect(parseMaxTokens(text)).toBe(setting)
})

test.each<[string, string | undefined, RegExp]>([
  ['15', undefined, /^--max-tokens must be "auto" or a number of tokens \(16 or more\), not "15"$/],
  ['-1', '--max-tokens', /^--max-tokens must be/],
  ['lots', '/max-tokens', /^\/max-tokens must be .*, not "lots"$/],
  ['1.5', '/max-tokens', /^\/max-tokens must be/],
])('%j for %s is refused, naming that option', (text, option, message) => {
  expect(() => parseMaxTokens(text, option)).toThrow(message)
})
