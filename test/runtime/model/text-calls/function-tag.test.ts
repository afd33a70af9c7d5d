import {describe, expect, test} from '@jest/globals'

import {functionTagName, readFunctionTag} from '../../../../src/runtime/model/text-calls/function-tag.js'
import type {SchemaHints} from '../../../../src/runtime/model/text-calls/schema-hints.js'

const HINTS: SchemaHints = {read_file: {path: 'string', offset: 'integer'}}

// [label, text, hints, name, args, json]; the tag is read from index 0 with no limit.
const readable: Array<[label: string, text: string, hints: SchemaHints | undefined, name: string, args: Record<string, unknown>, json: boolean]> = [
  ['Qwen3-Coder parameters, one newline trimmed on each side', '<function=bash>\n<parameter=command>\nls -la\n</parameter>\n</function>', undefined, 'bash', {command: 'ls -la'}, false],
  ['Llama 3.1 JSON body', '<function=read_file>{"path": "a"}</function>', undefined, 'read_file', {path: 'a'}, true],
  ['schema says string: digits stay text', '<function=read_file><parameter=path>123</parameter><parameter=offset>7</parameter></function>', HINTS, 'read_file', {path: '123', offset: 7}, false],
  ['no schema: digits read as a number', '<function=read_file><parameter=path>123</parameter></function>', undefined, 'read_file', {path: 123}, false],
  ['missing </parameter> before the next parameter', '<function=grep><parameter=pattern>x<parameter=path>src</parameter></function>', undefined, 'grep', {pattern: 'x', path: 'src'}, false],
  ['quoted name', '<function="bash"><parameter=command>pwd</parameter></function>', undefined, 'bash', {command: 'pwd'}, false],
]

describe('readFunctionTag', () => {
  test.each(readable)('%s', (_label, text, hints, name, args, json) => {
    const read = readFunctionTag(text, 0, text.length, hints)
    expect(read).toEqual({call: {name, args}, end: text.length, json})
  })

  test('ends after </function>, not at the end of the text', () => {
    const text = '<function=bash><parameter=command>pwd</parameter></function> then prose'
    expect(readFunctionTag(text, 0, text.length, undefined)?.end).toBe(text.indexOf(' then'))
  })

  test.each([
    ['a value cut off by the end of the message', '<function=bash><parameter=command>rm -rf'],
    ['a name that is not a tool name', '<function=rm -rf /><parameter=x>1</parameter></function>'],
    ['no tag at all', 'function=bash'],
  ])('null for %s', (_label, text) => {
    expect(readFunctionTag(text, 0, text.length, undefined)).toBeNull()
  })
})

describe('functionTagName', () => {
  test.each([
    ['<function=grep>', 'grep'],
    ["<function= 'grep' >", 'grep'],
    ['<function=>', undefined],
    ['<parameter=grep>', undefined],
  ])('%s → %s', (text, name) => {
    expect(functionTagName(text, 0)).toBe(name)
  })
})
