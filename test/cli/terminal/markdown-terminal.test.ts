import {describe, expect, test} from '@jest/globals'

import {loadTerminalMarkdown} from '../../../src/cli/terminal/markdown-terminal.js'
import type {MarkdownUnit} from '../../../src/cli/terminal/markdown-stream.js'

// Colour codes depend on the test's stdout; compare the visible text only.
const visible = (text: string) => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')

describe('loadTerminalMarkdown', () => {
  test.each<[string, MarkdownUnit, string]>([
    ['a heading loses its marker', {kind: 'line', text: '## Steps'}, 'Steps'],
    ['a bullet becomes • with inline formatting', {kind: 'line', text: '  - run **npm test** now'}, '  • run npm test now'],
    ['a numbered item keeps its number', {kind: 'line', text: '2. edit `a.ts`'}, '2. edit a.ts'],
    ['a paragraph line keeps its text', {kind: 'line', text: 'plain *words* here'}, 'plain words here'],
    ['a blank line stays blank', {kind: 'line', text: '   '}, ''],
    ['a fence renders its code without the fences', {kind: 'fence', text: '```js\nconst a = 1\n```'}, '  const a = 1'],
  ])('%s', async (_name, unit, expected) => {
    const render = await loadTerminalMarkdown(80)
    expect(visible(render(unit))).toBe(expected)
  })

  test('a table draws its rows inside borders', async () => {
    const render = await loadTerminalMarkdown(80)
    const table = visible(render({kind: 'table', text: '| a | b |\n|---|---|\n| 1 | 2 |'}))
    expect(table).toMatch(/│ a +│ b +│/)
    expect(table).toMatch(/│ 1 +│ 2 +│/)
    expect(table).not.toContain('---')
  })
})
