import {expect, test} from '@jest/globals'

import {ModelError} from '../../../src/runtime/model/model-error.js'
import {parseRetryAfter, withRetryAfterHint} from '../../../src/runtime/model/retry-after.js'

const NOW = Date.parse('2026-12-07T22:00:00Z')

test.each<[header: string | string[] | undefined, waitMs: number | undefined]>([
  ['2', 2000],
  [' 0 ', 0],
  ['3600', 3_600_000],
  [['5', '9'], 5000],
  ['Mon, 07 Dec 2026 22:00:03 GMT', 3000],
  ['Mon, 07 Dec 2026 21:59:00 GMT', 0],
  [undefined, undefined],
  ['', undefined],
  ['soon', undefined],
  ['-1', undefined],
  ['1.5', undefined],
])('Retry-After %j → wait %s ms', (header, waitMs) => {
  expect(parseRetryAfter(header, NOW)).toBe(waitMs)
})

test('the hint says how long the server asked for, and the rest of the failure is kept', () => {
  const failure = new ModelError({kind: 'http', url: 'http://127.0.0.1:1/v1/chat/completions', status: 429, message: 'the server answered with an error', serverMessage: 'slow down'})
  const described = withRetryAfterHint(failure, 3_600_000).describe()
  expect(described).toBe('http://127.0.0.1:1/v1/chat/completions: the server answered with an error (HTTP 429): slow down — the server asks to wait 3600 s before the next request (Retry-After); try again then')
})
