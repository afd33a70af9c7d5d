import {describe, expect, test} from '@jest/globals'

import {replaceExact} from '../../../src/runtime/files/exact-replace.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'

/** The ToolError replaceExact throws, so each part of it can be checked. */
function failure(text: string, edit: Parameters<typeof replaceExact>[1]): ToolError {
  try {
    replaceExact(text, edit)
  } catch (error) {
    if (error instanceof ToolError) return error
    throw error
  }
  throw new Error('replaceExact did not throw')
}

const source = ['function add(a, b) {', '  return a + b', '}', '', 'function sub(a, b) {', '  return a - b', '}', ''].join('\n')

describe('replaceExact: successful replacements', () => {
  const cases: Array<[name: string, text: string, edit: Parameters<typeof replaceExact>[1], expected: string]> = [
    ['one occurrence', 'let x = 1\nlet y = 2\n', {old_string: 'y = 2', new_string: 'y = 3'}, 'let x = 1\nlet y = 3\n'],
    ['multi-line old_string', source, {old_string: '  return a + b\n}', new_string: '  return b + a\n}'}, source.replace('a + b', 'b + a')],
    ['replace_all changes every one', 'a.b a.b a.b', {old_string: 'a.b', new_string: 'c', replace_all: true}, 'c c c'],
    ['replace_all with a single occurrence', 'one two', {old_string: 'two', new_string: '2', replace_all: true}, 'one 2'],
    ['deleting text', 'keep drop keep', {old_string: ' drop', new_string: ''}, 'keep keep'],
    ['$ patterns in new_string stay literal', 'price', {old_string: 'price', new_string: "cost: $& $1 $$ $'"}, "cost: $& $1 $$ $'"],
  ]
  test.each(cases)('%s', (_name, text, edit, expected) => {
    expect(replaceExact(text, edit)).toBe(expected)
  })
})

describe('replaceExact: line endings', () => {
  test('a CRLF file matched with LF old_string keeps CRLF byte for byte', () => {
    const text = 'first\r\nsecond\r\nthird\r\nfourth\r\n'
    const result = replaceExact(text, {old_string: 'second\nthird', new_string: 'two\nthree\nthree and a half'})
    expect(result).toBe('first\r\ntwo\r\nthree\r\nthree and a half\r\nfourth\r\n')
  })

  test('a match ending before a CRLF leaves that line break alone', () => {
    expect(replaceExact('foo\r\nbar\r\n', {old_string: 'foo', new_string: 'baz'})).toBe('baz\r\nbar\r\n')
  })

  test('a match starting at a line break takes its CR along', () => {
    expect(replaceExact('a\r\nb\r\nc', {old_string: '\nb', new_string: '\nB'})).toBe('a\r\nB\r\nc')
  })

  test('old_string sent with CRLF still matches an LF file, and new_string becomes LF', () => {
    expect(replaceExact('x\ny\nz\n', {old_string: 'x\r\ny', new_string: 'X\r\nY'})).toBe('X\nY\nz\n')
  })

  test('in a mostly-LF file the odd CRLF line elsewhere is untouched', () => {
    const text = 'a\nb\nc\r\nd\ne\n'
    expect(replaceExact(text, {old_string: 'd\ne', new_string: 'D\nE'})).toBe('a\nb\nc\r\nD\nE\n')
  })

  test('a file with one CRLF and no other line break counts as CRLF', () => {
    expect(replaceExact('one\r\ntwo', {old_string: 'two', new_string: 'two\nthree'})).toBe('one\r\ntwo\r\nthree')
  })
})

describe('replaceExact: refusals', () => {
  test('two occurrences without replace_all: says 2 and the lines', () => {
    const error = failure(source, {old_string: '}', new_string: '};', path: 'src/math.js'})
    expect(error.what).toBe('old_string occurs 2 times in src/math.js (lines 3, 7)')
    expect(error.hint).toMatch(/replace_all/)
    expect(error.hint).toMatch(/surrounding lines/)
  })

  test('more than ten occurrences: lists ten and counts the rest', () => {
    const text = Array.from({length: 13}, () => 'x').join('\n')
    expect(failure(text, {old_string: 'x', new_string: 'y'}).what).toBe(
      'old_string occurs 13 times in the file (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more)',
    )
  })

  test('identical old_string and new_string', () => {
    expect(failure('abc', {old_string: 'b', new_string: 'b'}).what).toBe('old_string and new_string are the same')
  })

  test('empty old_string', () => {
    expect(failure('abc', {old_string: '', new_string: 'x'}).what).toBe('old_string is empty')
  })
})

describe('replaceExact: near misses when old_string is not found', () => {
  test('wrong indentation: names where it matches ignoring whitespace, quoting the file line that differs', () => {
    const error = failure(source, {old_string: 'function sub(a, b) {\n    return a - b\n}', new_string: 'x', path: 'm.js'})
    expect(error).toBeInstanceOf(ToolError)
    expect(error.what).toBe('old_string was not found in m.js')
    expect(error.why).toBe('it matches at line 5 only when whitespace is ignored, so indentation or spacing differs; line 6 is "  return a - b"')
  })

  test('spacing inside a line differs at two places: both are listed', () => {
    const error = failure(source, {old_string: 'function  add(a, b) {', new_string: 'x'})
    expect(error.why).toBe('it matches at line 1 only when whitespace is ignored, so indentation or spacing differs; line 1 is "function add(a, b) {"')
    const twice = failure('if (x)  {\n}\nif (x) {\n}\n', {old_string: 'if (x)   {', new_string: 'y'})
    expect(twice.why).toMatch(/^it matches at lines 1, 3 only when whitespace is ignored/)
  })

  test('a differing middle line: names the place, the file line and its text', () => {
    const text = ['const a = 1', 'const b = 2', 'const c = 3', 'const d = 4', 'const e = 5'].join('\n')
    const error = failure(text, {old_string: 'const b = 2\nconst c = 30\nconst d = 4', new_string: 'x'})
    expect(error.why).toBe('the closest place starts at line 2, but line 3 of the file is "const c = 3" where old_string has "const c = 30"')
  })

  test('old_string running past the end of the file', () => {
    const error = failure('alpha\nbeta\ngamma', {old_string: 'beta\ngamma\ndelta', new_string: 'x'})
    expect(error.why).toBe('the closest place starts at line 2, but old_string goes on past the end of the file')
  })

  test('a single-line typo: names the closest line', () => {
    const text = 'import fs from "node:fs"\nconst configuration = loadConfiguration()\nrun(configuration)\n'
    const error = failure(text, {old_string: 'const configuraton = loadConfiguration()', new_string: 'x'})
    expect(error.why).toBe('the closest line is 2: "const configuration = loadConfiguration()"')
  })

  test('nothing alike: says so and suggests reading again', () => {
    const error = failure('alpha\nbeta\n', {old_string: 'zzzz qqqq', new_string: 'x'})
    expect(error.why).toBe('no line of the file resembles it')
    expect(error.hint).toMatch(/read the file again/)
  })

  test('read_file line numbers pasted into old_string: the hint says to drop them', () => {
    const error = failure(source, {old_string: '    2\t  return a + c\n    3\t}', new_string: 'x'})
    expect(error.why).toMatch(/line numbers/)
    expect(error.hint).toMatch(/after the tab/)
  })
})
