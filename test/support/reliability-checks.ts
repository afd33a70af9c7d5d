import {expect} from '@jest/globals'

import type {CliResult} from './run-cli.js'

/** A stack frame as Node prints it (`    at fn (file:line:col)`): a user must never see one. */
const STACK_FRAME = /^\s+at .+:\d+(?::\d+)?\)?$/mu

/** The lines of stderr that report a failure to the user (`lillycoder: …`). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('lillycoder: '))
}

/**
 * The run failed the way a user can act on: the expected exit code (not a signal, not a kill by the test's
 * timeout), exactly one `lillycoder:` line that says what happened, no stack trace and no "internal error".
 */
export function expectClearFailure(result: CliResult, message: RegExp, exitCode = 1): void {
  expect({code: result.code, signal: result.signal}).toEqual({code: exitCode, signal: null})
  expect(result.stderr).not.toMatch(STACK_FRAME)
  expect(result.stderr).not.toMatch(/internal error|run-cli: killed/u)
  const lines = errorLines(result.stderr)
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(message)
}

/** The run ended normally (exit 0) and printed no error, no stack trace. */
export function expectCleanSuccess(result: CliResult): void {
  expect(result.stderr).not.toMatch(STACK_FRAME)
  expect(errorLines(result.stderr)).toEqual([])
  expect({code: result.code, signal: result.signal}).toEqual({code: 0, signal: null})
}

/** No stack trace and no internal error anywhere in what the user saw. */
export function expectNoCrash(text: string): void {
  expect(text).not.toMatch(STACK_FRAME)
  expect(text).not.toMatch(/internal error/u)
}
