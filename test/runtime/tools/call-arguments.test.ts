import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {parseCallArguments, unwrapEncodedArguments, validateArguments} from '../../../src/runtime/tools/call-arguments.js'
import {argumentsFromJson} from '../../../src/runtime/model/text-calls/calls-from-json.js'
import {readWholeJson} from '../../../src/runtime/model/text-calls/loose-json.js'

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

describe('unwrapEncodedArguments: one decoder for native and text calls', () => {
  const strict = (text: string): unknown => JSON.parse(text)
  const once = JSON.stringify({a: 1})
  test.each<[string, unknown, unknown]>([
    ['an object stays as it is', {a: 1}, {a: 1}],
    ['the JSON text', once, {a: 1}],
    ['encoded once more', JSON.stringify(once), {a: 1}],
    ['encoded twice more', JSON.stringify(JSON.stringify(once)), {a: 1}],
    ['an empty string is no arguments', '', {}],
    ['a blank string inside an encoding is no arguments', JSON.stringify('  '), {}],
  ])('%s', (_name, value, expected) => {
    expect(unwrapEncodedArguments(value, strict)).toEqual(expected)
    expect(unwrapEncodedArguments(value, readWholeJson)).toEqual(expected)
  })

  test('the reader decides how lenient: Python literals pass the loose reader only', () => {
    const python = "{'a': True}"
    expect(unwrapEncodedArguments(python, readWholeJson)).toEqual({a: true})
    expect(() => unwrapEncodedArguments(python, strict)).toThrow(SyntaxError)
  })

  test.each([
    [{a: 1}, {a: 1}],
    [JSON.stringify(JSON.stringify({a: 1})), {a: 1}],
    ['', {}],
    ['not json', null],
    [{type: 'object', properties: {a: {type: 'string'}}}, null],
  ])('argumentsFromJson(%j) → %j', (raw, expected) => {
    expect(argumentsFromJson(raw)).toEqual(expected)
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
