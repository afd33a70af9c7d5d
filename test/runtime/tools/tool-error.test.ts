import {describe, expect, test} from '@jest/globals'

import {formatToolError, ToolError} from '../../../src/runtime/tools/tool-error.js'

test.each([
  [{what: 'a.txt does not exist'}, 'a.txt does not exist.'],
  [{what: 'x', why: 'it is binary', hint: 'use xxd'}, 'x. It is binary. Hint: use xxd.'],
  [{what: 'x', why: 'read_file reads files only'}, 'x. read_file reads files only.'],
  [{what: 'x', why: 'src/app.ts is open elsewhere'}, 'x. src/app.ts is open elsewhere.'],
  [{what: 'x?', why: 'the file has 3 lines:'}, 'x? The file has 3 lines:'],
  [{what: 'old_string occurs 2 times', hint: 'add context'}, 'old_string occurs 2 times. Hint: add context.'],
])('%j → %s', (details, text) => {
  expect(formatToolError(details)).toBe(text)
  expect(new ToolError(details).message).toBe(text)
})

describe('instanceof ToolError across copies of lillycoder', () => {
  // What a plugin's own copy of lillycoder (installed from npm as its peer dependency) throws: another class, same brand.
  const brand = Symbol.for('lillycoder.ToolError')
  class ToolErrorOfAnotherCopy extends Error {
    readonly [brand] = true
  }

  test.each<[string, unknown, boolean]>([
    ['a ToolError', new ToolError({what: 'x'}), true],
    ["another copy's ToolError", new ToolErrorOfAnotherCopy('x'), true],
    ['a plain Error', new Error('x'), false],
    ['an Error named ToolError', Object.assign(new Error('x'), {name: 'ToolError'}), false],
    ['null', null, false],
    ['a string', 'ToolError', false],
  ])('%s → %s', (_name, value, expected) => {
    expect(value instanceof ToolError).toBe(expected)
  })
})
