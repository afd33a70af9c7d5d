import {describe, expect, test} from '@jest/globals'

import {MarkdownLineStreamer, type MarkdownUnit} from '../../../src/cli/terminal/markdown-stream.js'

/** Feeds the chunks one by one and records what came out after each, then what `end()` flushed. */
function run(chunks: string[]): {after: MarkdownUnit[][]; flushed: MarkdownUnit[]} {
  const streamer = new MarkdownLineStreamer()
  const after = chunks.map((chunk) => streamer.push(chunk))
  return {after, flushed: streamer.end()}
}

const line = (text: string): MarkdownUnit => ({kind: 'line', text})

describe('MarkdownLineStreamer', () => {
  test('holds a partial line until its newline arrives', () => {
    const {after, flushed} = run(['# Hea', 'ding\n- o', 'ne\n'])
    expect(after).toEqual([[], [line('# Heading')], [line('- one')]])
    expect(flushed).toEqual([])
  })

  test('flushes the last partial line at the end of the reply', () => {
    const {after, flushed} = run(['Done', ' here'])
    expect(after).toEqual([[], []])
    expect(flushed).toEqual([line('Done here')])
  })

  test('gives several lines of one chunk in order, blank lines included', () => {
    expect(run(['a\n\nb\n']).after).toEqual([[line('a'), line(''), line('b')]])
  })

  test('holds a fenced block until its fence closes, then gives it whole', () => {
    const {after} = run(['```ts\nconst a', ' = 1\n', '```\nafter\n'])
    expect(after).toEqual([[], [], [{kind: 'fence', text: '```ts\nconst a = 1\n```'}, line('after')]])
  })

  test.each([
    ['a shorter fence', '````\nx\n```\n', '````\nx\n```'],
    ['a tilde fence', '```\nx\n~~~\n', '```\nx\n~~~'],
    ['a fence with text after it', '```\nx\n``` not a close\n', '```\nx\n``` not a close'],
  ])('does not close a fence on %s; end() flushes the unclosed block', (_name, text, held) => {
    const {after, flushed} = run([text])
    expect(after).toEqual([[]])
    expect(flushed).toEqual([{kind: 'fence', text: held}])
  })

  test('markdown inside a fence stays code', () => {
    expect(run(['~~~\n# not a heading\n| not a table |\n~~~\n']).after).toEqual([
      [{kind: 'fence', text: '~~~\n# not a heading\n| not a table |\n~~~'}],
    ])
  })

  test('gathers table rows until a line that is not one', () => {
    const {after, flushed} = run(['| a | b |\n|---|---|\n', '| 1 | 2 |\n', 'text\n'])
    expect(after).toEqual([[], [], [{kind: 'table', text: '| a | b |\n|---|---|\n| 1 | 2 |'}, line('text')]])
    expect(flushed).toEqual([])
  })

  test('a table at the end of the reply is flushed by end()', () => {
    expect(run(['| a |\n|---|\n| 1 |']).flushed).toEqual([{kind: 'table', text: '| a |\n|---|\n| 1 |'}])
  })

  test('a fence right after a table closes the table first', () => {
    expect(run(['| a |\n```\nx\n```\n']).after).toEqual([[{kind: 'table', text: '| a |'}, {kind: 'fence', text: '```\nx\n```'}]])
  })
})
