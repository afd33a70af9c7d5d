import {describe, expect, test} from '@jest/globals'

import {mechanicalSummary, planCompaction, renderTranscript, shrinkToolResults} from '../../../src/runtime/context/compaction.js'
import {ContextBudget} from '../../../src/runtime/context/context-budget.js'
import type {ChatMessage} from '../../../src/runtime/model/messages.js'

const turn = (n: number, size = 10): ChatMessage[] => [
  {role: 'user', content: `ask ${n}`},
  {role: 'assistant', content: '', toolCalls: [{id: `c${n}`, name: 'read_file', arguments: `{"path":"f${n}"}`}]},
  {role: 'tool', toolCallId: `c${n}`, name: 'read_file', content: 'x'.repeat(size)},
  {role: 'assistant', content: `answer ${n}`},
]

describe('planCompaction', () => {
  test('keeps the system prompt out, the latest turns whole, and splits at a user message', () => {
    const messages: ChatMessage[] = [{role: 'system', content: 'S'}, ...turn(1, 8400), ...turn(2, 8400), ...turn(3, 100)]
    const plan = planCompaction(messages, new ContextBudget(8192))
    expect(plan).not.toBeNull()
    expect(plan!.kept[0]).toEqual({role: 'user', content: 'ask 2'})
    expect(plan!.kept.at(-1)).toEqual({role: 'assistant', content: 'answer 3'})
    // Turns 2 and 3 (≈ 2,000 tokens) fit in 40 % of 8k; adding turn 1 would not.
    expect(plan!.older.map((m) => m.content).filter((c) => c.startsWith('ask'))).toEqual(['ask 1'])
    expect(plan!.kept.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['ask 2', 'ask 3'])
  })

  test('a single turn has nothing older to summarise', () => {
    expect(planCompaction([{role: 'system', content: 'S'}, ...turn(1)], new ContextBudget(8192))).toBeNull()
  })
})

test('shrinkToolResults cuts all but the last results, saying how much', () => {
  const messages = [...turn(1, 5000), ...turn(2, 5000), ...turn(3, 5000)]
  const shrunk = shrinkToolResults(messages, 2, 600)
  const tools = shrunk.filter((m) => m.role === 'tool')
  expect(tools[0].content).toMatch(/^x{600}\n… \[4400 characters dropped to save context\]$/)
  expect(tools[1].content).toHaveLength(5000)
  expect(tools[2].content).toHaveLength(5000)
})

test('renderTranscript keeps the newest part when cut', () => {
  const text = renderTranscript([...turn(1), ...turn(2)], 60)
  expect(text.startsWith('[earliest part cut]')).toBe(true)
  expect(text).toContain('answer 2')
  expect(text).not.toContain('ask 1')
})

test('mechanicalSummary keeps what the user asked and which tools ran', () => {
  const summary = mechanicalSummary('before', [...turn(1), ...turn(2)])
  expect(summary).toContain('before')
  expect(summary).toContain('- user asked: ask 1')
  expect(summary).toContain('read_file {"path":"f2"}')
})
