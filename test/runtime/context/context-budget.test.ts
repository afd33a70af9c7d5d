import {describe, expect, test} from '@jest/globals'

import {ContextBudget, formatTokenCount} from '../../../src/runtime/context/context-budget.js'

describe('ContextBudget', () => {
  test('estimates grow with the text and count tool schemas', () => {
    const budget = new ContextBudget(8192)
    const small = budget.estimatePrompt([{role: 'user', content: 'hi'}], [])
    const big = budget.estimatePrompt([{role: 'user', content: 'x'.repeat(3500)}], [])
    expect(big - small).toBeGreaterThanOrEqual(990)
    expect(big - small).toBeLessThanOrEqual(1010)
    const tool = {type: 'function' as const, function: {name: 'a', description: 'd'.repeat(350), parameters: {type: 'object' as const, properties: {}, additionalProperties: false as const}}}
    expect(budget.estimatePrompt([], [tool])).toBeGreaterThan(100)
  })

  test('calibration follows the server usage, within bounds', () => {
    const budget = new ContextBudget(8192)
    const before = budget.estimateText('y'.repeat(3500))
    budget.calibrate(1000, 1500)
    expect(budget.estimateText('y'.repeat(3500))).toBe(Math.ceil(before * 1.5))
    budget.calibrate(100, 100_000)
    expect(budget.estimateText('y'.repeat(3500))).toBe(Math.ceil(before * 2))
  })

  test.each<[number, number, boolean]>([
    [8192, 1000, false],
    [8192, 6000, false],
    [8192, 7100, true], // past 85 %
    [32768, 25000, false],
    [32768, 28000, true],
    [4096, 3500, true],
  ])('context %i, prompt %i → compact %s', (context, prompt, expected) => {
    expect(new ContextBudget(context).shouldCompact(prompt)).toBe(expected)
  })

  test('a fixed max-tokens is sent as it is and reserved', () => {
    const budget = new ContextBudget(8192, 1000)
    expect(budget.maxTokensFor(100)).toBe(1000)
    expect(budget.shouldCompact(7300)).toBe(true)
  })

  test('auto max-tokens leaves room for the reply and never exceeds what is left', () => {
    const budget = new ContextBudget(8192)
    expect(budget.maxTokensFor(1000)).toBe(4096)
    expect(budget.maxTokensFor(6000)).toBe(8192 - 6000 - 32)
    expect(budget.maxTokensFor(8100)).toBe(256)
  })

  test('tool results may use half of what is left, within bounds', () => {
    expect(new ContextBudget(8192).resultCharLimit(1000)).toBe(Math.floor((8192 - 1000 - 1024) * 0.5 * 3.5))
    expect(new ContextBudget(8192).resultCharLimit(8000)).toBe(2000)
    expect(new ContextBudget(1_000_000).resultCharLimit(0)).toBe(100_000)
  })
})

test.each([
  [8192, '8k'],
  [32768, '32k'],
  [4608, '4.5k'],
  [131072, '128k'],
  [512, '512'],
])('formatTokenCount(%i) = %s', (tokens, text) => {
  expect(formatTokenCount(tokens)).toBe(text)
})

test.each([
  ['{"error":{"code":400,"message":"request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9214,"n_ctx":8192}}', 8192],
  ["This model's maximum context length is 40960 tokens. However, you requested 0 output tokens", 40960],
  ['Input does not fit in context length. The input has 31430 tokens, but the context length only supports 30000 tokens.', 30000],
  ['The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 13055>= n_ctx: 4096).', 4096],
  ['the request exceeds the available context size. try increasing the context size or enable context shift', undefined],
])('contextSizeFromError reads %s', async (text, tokens) => {
  const {contextSizeFromError} = await import('../../../src/runtime/context/context-budget.js')
  expect(contextSizeFromError(text)).toBe(tokens)
})

test('a smaller context learned from the server is believed; a larger one is not', () => {
  const budget = new ContextBudget(32_768)
  budget.learnContextSize(8192)
  expect(budget.contextTokens).toBe(8192)
  budget.learnContextSize(65_536)
  expect(budget.contextTokens).toBe(8192)
})
