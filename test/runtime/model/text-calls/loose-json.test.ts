import {describe, expect, test} from '@jest/globals'

import {readLooseJson, readLooseJsonBefore, readWholeJson} from '../../../../src/runtime/model/text-calls/loose-json.js'

// What models write when they mean JSON, and what it should read as (undefined: not one JSON value).
const wholeTexts: Array<[label: string, text: string, value: unknown]> = [
  ['strict JSON', '{"path": "a.ts", "n": -1.5e2}', {path: 'a.ts', n: -150}],
  ['single-quoted strings', "{'path': 'a.ts'}", {path: 'a.ts'}],
  ["Python's True/False/None", '[True, False, None]', [true, false, null]],
  ['trailing comma in an object', '{"a": 1,}', {a: 1}],
  ['trailing comma in an array', '[1, 2,]', [1, 2]],
  ['raw newline inside a string', '{"text": "one\ntwo"}', {text: 'one\ntwo'}],
  ['escaped quote and \\u escape', '"say \\"hi\\" \\u0041"', 'say "hi" A'],
  ['Windows path: \\U and \\f kept as written', '"C:\\Users\\file"', 'C:\\Users\\file'],
  ['two closers missing at the very end', '{"a": [1, 2', {a: [1, 2]}],
  ['three closers missing is too many', '{"a": {"b": [1', undefined],
  ['surrounding whitespace', '  \n {"a": 1} \n', {a: 1}],
  ['text after the value', '{"a": 1} and more', undefined],
  ['unquoted key', '{a: 1}', undefined],
  ['unterminated string', '"abc', undefined],
  ['a word that is not a literal', 'Nonesuch', undefined],
  ['empty text', '', undefined],
]

describe('readWholeJson', () => {
  test.each(wholeTexts)('%s', (_label, text, value) => {
    expect(readWholeJson(text)).toEqual(value)
  })

  test('a "__proto__" key stays an own key and does not change the prototype', () => {
    const value = readWholeJson('{"__proto__": {"polluted": true}}')
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
  })
})

describe('readLooseJson', () => {
  test('reads one value at an index and says where it ended', () => {
    const text = 'call: {"a": 1} then prose'
    expect(readLooseJson(text, 'call: '.length)).toEqual({value: {a: 1}, end: text.indexOf(' then')})
  })

  test('skips whitespace before the value', () => {
    expect(readLooseJson('x   [1]', 1)).toEqual({value: [1], end: 7})
  })

  test('null when no value starts there', () => {
    expect(readLooseJson('call: {"a": 1}', 0)).toBeNull()
  })
})

describe('readLooseJsonBefore', () => {
  const text = '{"a": {"b": 1</tool_call>'
  const limit = text.indexOf('</tool_call>')

  test('closes the brackets left off before the closing tag', () => {
    expect(readLooseJsonBefore(text, 0, limit)).toEqual({value: {a: {b: 1}}, end: limit})
  })

  test('without a tag before the end it cannot close them', () => {
    expect(readLooseJsonBefore(text, 0, text.length)).toBeNull()
  })

  test('a complete value is read past the limit as it stands', () => {
    expect(readLooseJsonBefore('{"a": "</tool_call>"}', 0, 7)).toEqual({value: {a: '</tool_call>'}, end: 21})
  })
})
