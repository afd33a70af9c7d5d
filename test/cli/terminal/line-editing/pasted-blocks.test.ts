import {describe, expect, test} from '@jest/globals'

import {isMultiLine, PastedBlocks, pasteLabel} from '../../../../src/cli/terminal/line-editing/pasted-blocks.js'

describe('pasteLabel', () => {
  const cases: Array<[text: string, label: string]> = [
    ['a\nb', '[pasted 2 lines, 3 B]'],
    [Array.from({length: 3000}, () => 'x'.repeat(83)).join('\n'), '[pasted 3,000 lines, 246 KB]'],
    ['é\né', '[pasted 2 lines, 5 B]'],
    [`${'y'.repeat(2 * 1024 * 1024)}\nz`, '[pasted 2 lines, 2.0 MB]'],
  ]
  test.each(cases)('%#: → %s', (text, label) => {
    expect(pasteLabel(text)).toBe(label)
  })
})

describe('isMultiLine', () => {
  test.each([
    ['one line', false],
    ['two\nlines', true],
    ['', false],
  ])('%j → %s', (text, multi) => {
    expect(isMultiLine(text)).toBe(multi)
  })
})

describe('PastedBlocks', () => {
  test('a label in the line expands to its paste, with text typed before and after kept', () => {
    const blocks = new PastedBlocks()
    const label = blocks.add('line 1\nline 2')
    expect(blocks.expand(`fix this: ${label} please`)).toEqual({text: 'fix this: line 1\nline 2 please', pasted: true})
  })

  test('a line without a label is left as it is', () => {
    const blocks = new PastedBlocks()
    blocks.add('a\nb')
    expect(blocks.expand('just typed')).toEqual({text: 'just typed', pasted: false})
  })

  test('two different pastes with the same size get different labels and each expands to its own text', () => {
    const blocks = new PastedBlocks()
    const first = blocks.add('a\nb')
    const second = blocks.add('c\nd')
    expect(second).not.toBe(first)
    expect(blocks.expand(`${first} ${second}`).text).toBe('a\nb c\nd')
  })

  test('the same paste twice keeps one label', () => {
    const blocks = new PastedBlocks()
    expect(blocks.add('a\nb')).toBe(blocks.add('a\nb'))
  })

  test('a label stays valid after its line was sent, so a line recalled with ↑ expands again', () => {
    const blocks = new PastedBlocks()
    const label = blocks.add('x\ny')
    blocks.expand(label)
    expect(blocks.expand(label).text).toBe('x\ny')
  })

  test('only the newest pastes are kept', () => {
    const blocks = new PastedBlocks(2)
    const oldest = blocks.add('1\n1')
    blocks.add('2\n2')
    blocks.add('3\n3')
    expect(blocks.expand(oldest)).toEqual({text: oldest, pasted: false})
  })
})
