import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {parseCallArguments, validateArguments} from '../../src/runtime/call-arguments.js'

describe('parseCallArguments', () => {
  test.each([
    ['{"a":1}', {a: 1}],
    ['', {}],
    ['   ', {}],
    [JSON.stringify('{"a":1}'), {a: 1}],
    [JSON.stringify(JSON.stringify('{"a":1}')), {a: 1}],
  ])('%j → %j', (raw, value) => {
    expect(parseCallArguments(raw)).toEqual({ok: true, value})
  })

  test.each([['{"a":'], ['[1,2]'], ['42'], ['null'], ['"just text"']])('%j is refused with a message', (raw) => {
    const result = parseCallArguments(raw)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.message).toMatch(/not valid JSON|must be a JSON object/)
  })
})

describe('validateArguments', () => {
  const schema = z.object({path: z.string(), limit: z.number().int().positive().optional(), all: z.boolean().default(false)})

  test('fills defaults', () => {
    expect(validateArguments(schema, {path: 'a'})).toEqual({ok: true, value: {path: 'a', all: false}})
  })

  test('names every bad field, shortly', () => {
    const result = validateArguments(schema, {limit: -1})
    expect(result.ok).toBe(false)
    const message = result.ok ? '' : result.message
    expect(message).toMatch(/^path: /)
    expect(message).toMatch(/; limit: /)
  })
})
