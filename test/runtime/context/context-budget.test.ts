import {describe, expect, test} from '@jest/globals'

import {ContextBudget, formatTokenCount, windowMargin} from '../../../src/runtime/context/context-budget.js'
import {CHARS_PER_TOKEN, ESTIMATE_SAFETY} from '../../../src/runtime/context/token-calibration.js'

describe('ContextBudget', () => {
  test('estimates grow with the text and count tool schemas', () => {
    const budget = new ContextBudget(8192)
    const small = budget.estimatePrompt([{role: 'user', content: 'hi'}], [])
    const big = budget.estimatePrompt([{role: 'user', content: '7'.repeat(1000)}], [])
    // 1000 digits (a token each, 3500 weighted characters): 1000 raw tokens, with the safety headroom on top.
    expect(big - small).toBeGreaterThanOrEqual(1000 * ESTIMATE_SAFETY - 2)
    expect(big - small).toBeLessThanOrEqual(1000 * ESTIMATE_SAFETY + 2)
    const tool = {type: 'function' as const, function: {name: 'a', description: 'd'.repeat(350), parameters: {type: 'object' as const, properties: {}, additionalProperties: false as const}}}
    expect(budget.estimatePrompt([], [tool])).toBeGreaterThan(100)
  })

  test('after a reply the counted prompt is exact and only what was added is estimated, at the learned rate', () => {
    const budget = new ContextBudget(8192)
    const estimated = budget.estimateChars(7000) // 2000 raw tokens
    budget.calibrate(estimated, 3000) // the server counted 1.5 real tokens per raw one
    expect(budget.estimateChars(7000)).toBe(3000)
    expect(budget.estimateChars(7000 + 350)).toBe(3000 + Math.ceil(100 * 1.5 * ESTIMATE_SAFETY))
    // A shorter prompt is no extension of the counted one: all of it is estimated at the learned rate.
    expect(budget.estimateChars(3500)).toBe(Math.ceil(1000 * 1.5 * ESTIMATE_SAFETY))
    budget.forgetCount()
    expect(budget.estimateChars(7000)).toBe(Math.ceil(2000 * 1.5 * ESTIMATE_SAFETY))
  })

  test('one absurd count moves the rate only within bounds', () => {
    const budget = new ContextBudget(8192)
    budget.calibrate(budget.estimateChars(3500), 100_000)
    budget.forgetCount()
    expect(budget.estimateText('7'.repeat(1000))).toBe(Math.ceil(1000 * 2 * ESTIMATE_SAFETY))
    budget.calibrate(budget.estimateChars(3500), 1)
    // A low rate may not lower the estimate of new text below the uncalibrated one.
    expect(budget.estimateText('7'.repeat(1000))).toBe(Math.ceil(1000 * ESTIMATE_SAFETY))
  })

  test('a count for an estimate it did not make still moves the rate', () => {
    const budget = new ContextBudget(8192)
    budget.calibrate(1000, 1500)
    expect(budget.estimateText('7'.repeat(1000))).toBe(Math.ceil((3500 / CHARS_PER_TOKEN) * 1.5 * ESTIMATE_SAFETY))
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

  test('a fixed max-tokens is sent as it is and reserved, but never past the window', () => {
    const budget = new ContextBudget(8192, 1000)
    expect(budget.maxTokensFor(100)).toBe(1000)
    expect(budget.maxTokensFor(7500)).toBe(8192 - 7500 - windowMargin(8192))
    expect(budget.shouldCompact(7300)).toBe(true)
  })

  test.each<[context: number, margin: number]>([
    [2048, 64],
    [4096, 82],
    [8192, 164],
    [131072, 2622],
  ])('the margin of a %i window is %i tokens', (context, margin) => {
    expect(windowMargin(context)).toBe(margin)
  })

  test.each<[prompt: number, maxTokens: number]>([
    [1000, 4096],
    [6000, 8192 - 6000 - 164],
    [8000, 28],
    [8100, 1], // no room at all: the smallest valid request, for the server to refuse with its own count
  ])('auto max-tokens in 8k with a %i-token prompt: %i', (prompt, maxTokens) => {
    expect(new ContextBudget(8192).maxTokensFor(prompt)).toBe(maxTokens)
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
