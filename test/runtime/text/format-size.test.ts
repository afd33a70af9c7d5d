import {expect, test} from '@jest/globals'

import {formatSize} from '../../../src/runtime/text/format-size.js'

test.each([
  [0, '0 B'],
  [1023, '1023 B'],
  [1024, '1 KB'],
  [1536, '1.5 KB'],
  [256 * 1024, '256 KB'],
  [5 * 1024 * 1024 + 200 * 1024, '5.2 MB'],
  [3 * 1024 ** 4, '3 TB'],
])('%i bytes → %s', (bytes, text) => {
  expect(formatSize(bytes)).toBe(text)
})
