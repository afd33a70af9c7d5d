import {expect, test} from '@jest/globals'

import {classifyServerError, readServerError} from '../../../src/runtime/model/server-error.js'

// Bodies as each server sends them when its tool-call parser fails on the model's output.
const parseFailures: Array<[what: string, body: string, server: string]> = [
  ['llama.cpp 2026 (peg-native)', '{"error":{"code":500,"message":"The model produced output that does not match the expected peg-native format","type":"server_error"}}', 'llama.cpp'],
  ['llama.cpp, another format name', '{"error":{"code":500,"message":"The model produced output that does not match the expected hermes-2-pro format","type":"server_error"}}', 'llama.cpp'],
  ['ollama /v1', `{"error":{"message":"error parsing tool call: raw='{\\"a\\":1}]', err=invalid character ']' after top-level value","type":"api_error","param":null,"code":null}}`, 'ollama'],
  ['ollama /api', `{"error":"error parsing tool call: raw='x', err=invalid character 'x' looking for beginning of value"}`, 'ollama'],
  ['ollama 0.11 key bug', '{"error parsing tool call":"invalid character \'c\' looking for beginning of value"}', 'ollama'],
  ['vLLM parser JSON error (500)', '{"error":{"message":"Expecting value: line 1 column 1 (char 0)","type":"InternalServerError","param":null,"code":500}}', 'vLLM'],
  ['vLLM unterminated string (500)', '{"error":{"message":"Unterminated string starting at: line 1 column 10 (char 9)","type":"InternalServerError","param":null,"code":500}}', 'vLLM'],
]

test.each(parseFailures)('%s is a parse failure of the model output', (_what, body, server) => {
  const read = readServerError(body)
  expect(read).toBeDefined()
  expect(classifyServerError(read!)).toMatchObject({kind: 'tool-call-parse-failed', server})
})

const others: Array<[what: string, body: string]> = [
  // The request's own replayed history failed to parse: sending it again would fail the same way.
  ['vLLM 400 on the request history', '{"error":{"message":"Expecting \',\' delimiter: line 1 column 54 (char 53)","type":"BadRequestError","param":null,"code":400}}'],
  ['a llama.cpp 500 of another kind', '{"error":{"code":500,"message":"slot unavailable","type":"server_error"}}'],
  ['a JSON error phrase inside a longer message', '{"error":{"message":"bad config: Expecting value: line 1 column 1 (char 0) in file","type":"InternalServerError","code":500}}'],
]

test.each(others)('%s is not a parse failure', (_what, body) => {
  expect(classifyServerError(readServerError(body)!).kind).not.toBe('tool-call-parse-failed')
})
