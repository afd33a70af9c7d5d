import {describe, expect, test} from '@jest/globals'

import {replayExchanges} from '../../../src/cli/session/replay-exchanges.js'
import type {ChatMessage} from '../../../src/runtime/model/messages.js'

const exchange = (n: number): ChatMessage[] => [
  {role: 'user', content: `question ${n}`},
  {role: 'assistant', content: '', toolCalls: [{id: `c${n}`, name: 'read_file', arguments: `{"path":"f${n}"}`}]},
  {role: 'tool', toolCallId: `c${n}`, name: 'read_file', content: 'long file content that is not replayed'},
  {role: 'assistant', content: `answer ${n}`},
]

describe('replayExchanges', () => {
  test('the last three exchanges: questions after ›, calls as one line, replies; tool results left out', () => {
    const lines = replayExchanges([1, 2, 3, 4].flatMap(exchange))
    expect(lines).toEqual([
      '› question 2', '· read_file {"path":"f2"}', 'answer 2',
      '› question 3', '· read_file {"path":"f3"}', 'answer 3',
      '› question 4', '· read_file {"path":"f4"}', 'answer 4',
    ])
  })

  test('a long message is cut to a few lines, saying how many more', () => {
    const long = Array.from({length: 20}, (_, i) => `line ${i}`).join('\n')
    const lines = replayExchanges([{role: 'user', content: 'q'}, {role: 'assistant', content: long}])
    expect(lines).toHaveLength(7)
    expect(lines.at(-1)).toBe('… (15 more lines)')
  })

  test('nothing to replay from an empty conversation', () => {
    expect(replayExchanges([])).toEqual([])
  })
})
