import {expect, test} from '@jest/globals'

import {promptChars, TokenCalibration} from '../../../src/runtime/context/token-calibration.js'

test.each<[what: string, text: string, weighted: number]>([
  ['letters and spaces', 'Hello world', 11 * 0.72],
  ['digits', '2026', 4 * 3.5],
  ['JSON symbols', '{"a": 1}', 5 * 1.9 + 2 * 0.72 + 3.5], // { " " : } and a, space, 1
  ['a line break', '\n', 1.9],
  ['accented Latin', 'café', 3 * 0.72 + 2],
  ['Cyrillic', 'да', 4],
  ['Chinese', '你好', 5],
  ['Japanese kana', 'かな', 5],
  ['Korean', '한국', 5],
  ['an emoji (two surrogate halves)', '🙂', 7],
  ['full-width forms', 'ＡＢ', 5],
  ['empty', '', 0],
])('promptChars of %s', (_what, text, weighted) => {
  expect(promptChars(text)).toBeCloseTo(weighted, 6)
})

test('an estimate is remembered by its value so the server count can anchor it', () => {
  const calibration = new TokenCalibration()
  const first = calibration.tokensFor(350)
  calibration.tokensFor(700)
  calibration.learn(first, 90)
  expect(calibration.tokensFor(350)).toBe(90)
})

test('only the last few estimates are remembered', () => {
  const calibration = new TokenCalibration()
  const first = calibration.tokensFor(35)
  for (let i = 1; i <= 20; i++) calibration.tokensFor(35 + i * 350)
  calibration.learn(first, 1000) // unknown now: only the rate moves, no anchor at 35 chars
  expect(calibration.tokensFor(35)).not.toBe(1000)
})

test.each([
  [0, 10],
  [10, 0],
  [-5, 10],
])('learn(%i, %i) changes nothing', (estimated, actual) => {
  const calibration = new TokenCalibration()
  const before = calibration.tokensFor(3500)
  calibration.learn(estimated, actual)
  expect(calibration.tokensFor(3500)).toBe(before)
})

test.each([
  ['a count far below any tokenizer (a fake usage of 10)', 10],
  ['a count far above', 100_000],
])('%s moves the rate within bounds but does not become the anchor', (_what, actual) => {
  const calibration = new TokenCalibration()
  const estimated = calibration.tokensFor(7000)
  calibration.learn(estimated, actual)
  expect(calibration.tokensFor(7000)).not.toBe(actual)
  expect(calibration.tokensFor(7000)).toBe(calibration.estimate(7000))
})
