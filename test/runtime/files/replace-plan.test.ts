import {describe, expect, test} from '@jest/globals'

import {planReplaceExact, replacedBytes, replaceExact} from '../../../src/runtime/files/exact-replace.js'
import {fileDiff, replacementDiff} from '../../../src/runtime/files/unified-diff.js'

const numbered = (count: number, ending = '\n') => Array.from({length: count}, (_, i) => `line ${i + 1}`).join(ending) + ending

// Each case: the file, the edit. The expected results are computed the slow, independent way: the whole new text
// built as a string, and jsdiff run over both whole files.
const cases: Array<[string, string, {old_string: string; new_string: string; replace_all?: boolean}]> = [
  ['one line in the middle of a long file', numbered(2000), {old_string: 'line 1000\n', new_string: 'line one thousand\n'}],
  ['the first line', numbered(50), {old_string: 'line 1\n', new_string: 'first\n'}],
  ['the last line, no final line break', 'a\nb\nc\nlast', {old_string: 'last', new_string: 'final'}],
  ['lines added', numbered(300), {old_string: 'line 150\n', new_string: 'line 150\nnew a\nnew b\n'}],
  ['lines removed', numbered(300), {old_string: 'line 150\nline 151\nline 152\n', new_string: ''}],
  ['a CRLF file', numbered(400, '\r\n'), {old_string: 'line 200\nline 201', new_string: 'two hundred\nand one'}],
  ['multi-byte text', `ä ö ü\n${numbered(100)}日本語 テキスト\n😀 emoji 😀\n${numbered(100)}`, {old_string: '日本語 テキスト\n😀 emoji', new_string: 'ünïcödé 😎'}],
  ['replace_all over six places far apart', numbered(600), {old_string: '00\n', new_string: '00 (a hundred)\n', replace_all: true}],
  ['part of a line', numbered(100), {old_string: 'ne 42', new_string: 'NE 42!'}],
]

describe('an exact edit as a plan', () => {
  test.each(cases)('%s: the bytes written equal the whole new text', (_name, text, edit) => {
    const bytes = Buffer.from(text)
    const pieces = replacedBytes(bytes, text, planReplaceExact(text, edit))
    expect(Buffer.concat(pieces).toString('utf8')).toBe(replaceExact(text, edit))
  })

  test.each(cases)('%s: the diff around the change equals the diff of the whole files', (_name, text, edit) => {
    expect(replacementDiff('f.txt', text, planReplaceExact(text, edit))).toEqual(fileDiff('f.txt', text, replaceExact(text, edit)))
  })

  test('no piece is a copy of the file: the unchanged parts are views of its bytes', () => {
    const text = numbered(1000)
    const bytes = Buffer.from(text)
    const pieces = replacedBytes(bytes, text, planReplaceExact(text, {old_string: 'line 500\n', new_string: 'x\n'}))
    expect(pieces).toHaveLength(3)
    expect(pieces[0].buffer).toBe(bytes.buffer)
    expect(pieces[2].buffer).toBe(bytes.buffer)
  })

  test('replacements spread over more than a megabyte: the counts, and the diff said not to be shown', () => {
    const text = `needle\n${'x'.repeat(80)}\n`.repeat(20_000)
    const result = replacementDiff('big.txt', text, planReplaceExact(text, {old_string: 'needle', new_string: 'pin\npin', replace_all: true}))
    expect(result.removed).toBe(20_000)
    expect(result.added).toBe(40_000)
    expect(result.diff).toContain('diff not shown: 20000 replacements spread over')
  })
})
