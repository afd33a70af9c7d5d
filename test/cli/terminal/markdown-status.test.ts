import {describe, expect, test} from '@jest/globals'

import {formatStatusLine, ReplyMeter} from '../../../src/cli/terminal/markdown-status.js'

describe('formatStatusLine', () => {
  test.each([
    [
      'everything known',
      {model: 'm', usage: {tokens: 2048, context: 8192}, reply: {tokens: 60, seconds: 2}, sessionId: 's1'},
      'm · context: 25% of 8k (2k tokens) · 30 tok/s · session s1',
    ],
    ['no reply streamed', {model: 'm', usage: {tokens: 100, context: 500}}, 'm · context: 20% of 500 (100 tokens)'],
    ['a reply in one instant', {model: 'm', usage: {tokens: 0, context: 4096}, reply: {tokens: 5, seconds: 0}}, 'm · context: 0% of 4k (0 tokens)'],
    ['no window known', {model: 'm', usage: {tokens: 10, context: 0}, sessionId: 'x'}, 'm · context: 0% of 0 (10 tokens) · session x'],
  ])('%s', (_name, facts, expected) => {
    expect(formatStatusLine(facts)).toBe(expected)
  })
})

describe('ReplyMeter', () => {
  test('measures from the first piece of text to the last, and resets per turn', () => {
    const clock = [1000, 1500, 3000, 9000]
    const meter = new ReplyMeter(() => clock.shift() ?? 0)
    expect(meter.read()).toBeUndefined()
    meter.add('ab')
    meter.add('cd')
    meter.add('e')
    expect(meter.read()).toEqual({text: 'abcde', seconds: 2})
    meter.reset()
    expect(meter.read()).toBeUndefined()
    meter.add('z')
    expect(meter.read()).toEqual({text: 'z', seconds: 0})
  })
})
