import {expect, test} from '@jest/globals'

import {parseApiUrl} from '../../../src/cli/session/parse-api-url.js'
import {ExitCode, UserError} from '../../../src/cli/user-error.js'

test.each([
  ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/v1'],
  ['https://models.example/v1', 'https://models.example/v1'],
  ['HTTP://127.0.0.1:8080', 'HTTP://127.0.0.1:8080'],
  ['  http://127.0.0.1:8080/v1  ', 'http://127.0.0.1:8080/v1'],
  ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ['localhost:11434/v1', 'http://localhost:11434/v1'],
  ['localhost', 'http://localhost'],
  ['[::1]:8080/v1', 'http://[::1]:8080/v1'],
])('%s is an endpoint: %s', (value, expected) => {
  expect(parseApiUrl(value, '--api')).toBe(expected)
})

test.each([
  ['not a url', /contains spaces/],
  ['ftp://x', /ftp:\/\/ is not http or https/],
  ['file:///etc/passwd', /file:\/\/ is not http or https/],
  ['ws://127.0.0.1:8080', /ws:\/\/ is not http or https/],
  ['', /it is empty/],
  ['   ', /it is empty/],
  ['http://', /not a URL|no host/],
  [':8080', /not a URL/],
  ['localhost:port', /not a URL/],
  ['http://127.0.0.1:99999/v1', /not a URL/],
])('%j is a usage error naming the value and the expected form', (value, why) => {
  let error: unknown
  try {
    parseApiUrl(value, 'LILLYCODER_API')
  } catch (caught) {
    error = caught
  }
  expect(error).toBeInstanceOf(UserError)
  const {message, exitCode} = error as UserError
  expect(exitCode).toBe(ExitCode.usage)
  expect(message).toContain(`LILLYCODER_API ${JSON.stringify(value)}`)
  expect(message).toMatch(why)
  expect(message).toContain('http://127.0.0.1:8080/v1')
  expect(message).not.toContain('\n')
})
