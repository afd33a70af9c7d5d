import {describe, expect, test} from '@jest/globals'

import {flushThink, initialThinkSplitState, splitThink, type ThinkSplitEvent} from '../../../src/runtime/model/think-splitter.js'

interface Split {
  text: string
  reasoning: string
}

/** Folds events the way a consumer must: `text-was-reasoning` moves what streamed as text. */
function fold(events: ThinkSplitEvent[]): Split {
  const out = {text: '', reasoning: ''}
  for (const event of events) {
    if (event.type === 'text') out.text += event.text
    else if (event.type === 'reasoning') out.reasoning += event.text
    else {
      out.reasoning += out.text
      out.text = ''
    }
  }
  return out
}

function run(chunks: string[]): ThinkSplitEvent[] {
  let state = initialThinkSplitState
  const events: ThinkSplitEvent[] = []
  for (const chunk of chunks) {
    const step = splitThink(state, chunk)
    state = step.state
    events.push(...step.events)
  }
  events.push(...flushThink(state).events)
  return events
}

const cases: Array<[name: string, content: string, expected: Split]> = [
  ['no tags', 'Just an answer.\nTwo lines.', {text: 'Just an answer.\nTwo lines.', reasoning: ''}],
  ['one thought, then the answer', '<think>plan</think>answer', {text: 'answer', reasoning: 'plan'}],
  ['whitespace around the tags', '\n<think>\nplan it\n</think>\n\nanswer', {text: 'answer', reasoning: 'plan it\n'}],
  ['the prompt opened the thought: only </think>', 'so the user wants x</think>\n\nHere is x.', {text: 'Here is x.', reasoning: 'so the user wants x'}],
  ['two thoughts', '<think>a</think>\n\nmiddle\n<think>b</think>\nend', {text: 'middle\nend', reasoning: 'ab'}],
  ['an unclosed thought is all reasoning', '<think>cut off by max_tokens', {text: '', reasoning: 'cut off by max_tokens'}],
  ['<think> mentioned in code mid-line', 'Use s.replace("<think>", "") to strip it.', {text: 'Use s.replace("<think>", "") to strip it.', reasoning: ''}],
  ['"<think" without the bracket', 'if (line.startsWith(\'<think\')) skip()', {text: "if (line.startsWith('<think')) skip()", reasoning: ''}],
  ['<think> on its own line inside a ``` fence', '```xml\n<think>\n```\nok', {text: '```xml\n<think>\n```\nok', reasoning: ''}],
  ['</think> quoted in backticks', 'The closing tag is `</think>` here.', {text: 'The closing tag is `</think>` here.', reasoning: ''}],
  ['</think> quoted in code', "s.split('</think>')", {text: "s.split('</think>')", reasoning: ''}],
  ['a thought, then code that mentions both tags', '<think>x</think>Write `<think>` and s.split("</think>").', {text: 'Write `<think>` and s.split("</think>").', reasoning: 'x'}],
  ['a second </think> after a thought is text', '<think>a</think></think>b', {text: '</think>b', reasoning: 'a'}],
  ['similar tags are text', '<thinking>no</thinking> <thin> </thinx>', {text: '<thinking>no</thinking> <thin> </thinx>', reasoning: ''}],
  ['comparisons are text', 'a < b and c <= d, x<y', {text: 'a < b and c <= d, x<y', reasoning: ''}],
  ['tags and angle brackets inside a thought', '<think>is a <b> c? <think> nested</think>d', {text: 'd', reasoning: 'is a <b> c? <think> nested'}],
  ['a lone partial tag at the end', '<thi', {text: '<thi', reasoning: ''}],
  ['a partial close at the end of a thought', '<think>almost</thi', {text: '', reasoning: 'almost</thi'}],
  ['indented <think> at a line start', 'intro\n  <think>x</think>\nrest', {text: 'intro\n  rest', reasoning: 'x'}],
  ['non-ASCII around the tags', '<think>ünïcode 🤔</think>ça va ✓', {text: 'ça va ✓', reasoning: 'ünïcode 🤔'}],
]

describe('splitThink', () => {
  test.each(cases)('%s (one chunk)', (_name, content, expected) => {
    expect(fold(run([content]))).toEqual(expected)
  })

  test.each(cases)('%s (split at every point)', (_name, content, expected) => {
    const chars = Array.from(content)
    for (let i = 0; i <= chars.length; i++) {
      expect(fold(run([chars.slice(0, i).join(''), chars.slice(i).join('')]))).toEqual(expected)
    }
  })

  test.each(cases)('%s (one character per chunk)', (_name, content, expected) => {
    expect(fold(run(Array.from(content)))).toEqual(expected)
  })

  test.each(cases.filter(([, content]) => content.length <= 45))('%s (split at every pair of points)', (_name, content, expected) => {
    const chars = Array.from(content)
    for (let i = 0; i <= chars.length; i++) {
      for (let j = i; j <= chars.length; j++) {
        const chunks = [chars.slice(0, i), chars.slice(i, j), chars.slice(j)].map((part) => part.join(''))
        expect(fold(run(chunks))).toEqual(expected)
      }
    }
  })
})

describe('emits as early as it can', () => {
  test('plain text goes out at once', () => {
    expect(splitThink(initialThinkSplitState, 'Hello wor').events).toEqual([{type: 'text', text: 'Hello wor'}])
  })

  test('a thought streams as reasoning before it closes', () => {
    expect(splitThink(initialThinkSplitState, '<think>pla').events).toEqual([{type: 'reasoning', text: 'pla'}])
  })

  test('only a possible partial close is held back', () => {
    const step = splitThink(initialThinkSplitState, '<think>plan</th')
    expect(step.events).toEqual([{type: 'reasoning', text: 'plan'}])
    expect(splitThink(step.state, 'ink>ok').events).toEqual([{type: 'text', text: 'ok'}])
  })

  test('a possible <think> at a line start is held back, the text before it is not', () => {
    const step = splitThink(initialThinkSplitState, 'answer\n<thi')
    expect(step.events).toEqual([{type: 'text', text: 'answer\n'}])
    expect(splitThink(step.state, 's is').events).toEqual([{type: 'text', text: '<this is'}])
  })

  test('a prompt-opened thought streams as text until </think> says otherwise', () => {
    const first = splitThink(initialThinkSplitState, 'hmm, the user')
    expect(first.events).toEqual([{type: 'text', text: 'hmm, the user'}])
    expect(splitThink(first.state, ' asks</think>Hi').events).toEqual([{type: 'text', text: ' asks'}, {type: 'text-was-reasoning'}, {type: 'text', text: 'Hi'}])
  })

  test('the state is not changed by a step', () => {
    const before = JSON.stringify(initialThinkSplitState)
    splitThink(initialThinkSplitState, '<think>x</think>y')
    expect(JSON.stringify(initialThinkSplitState)).toBe(before)
  })
})
