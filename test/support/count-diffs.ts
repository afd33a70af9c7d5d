import {createRequire} from 'node:module'

import {jest} from '@jest/globals'

/** How many diffs the code under test computed since the last reset. */
export interface DiffCounter {
  count: number
}

/**
 * Wraps the `diff` package's structuredPatch so a test can count the diffs computed (a preview and a run
 * should compute one each, not one for the counts and one for the text). Call it at the top of a test file,
 * before the code under test first imports `diff`: jest registers module mocks per test file.
 */
export function countDiffs(): DiffCounter {
  const counter: DiffCounter = {count: 0}
  jest.unstable_mockModule('diff', () => {
    const real = createRequire(import.meta.url)('diff') as typeof import('diff')
    const structuredPatch = (...args: unknown[]): unknown => {
      counter.count++
      return Reflect.apply(real.structuredPatch, undefined, args)
    }
    return {...real, structuredPatch}
  })
  return counter
}
