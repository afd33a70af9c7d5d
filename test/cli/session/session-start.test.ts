import {describe, expect, test} from '@jest/globals'

import {markBareResume, PICK_SESSION, sessionStartFromFlags} from '../../../src/cli/session/session-start.js'

describe('--resume without an id', () => {
  const cases: Array<[argv: string[], expected: string[]]> = [
    [['--resume'], [`--resume=${PICK_SESSION}`]],
    [['--resume', '--model', 'm'], [`--resume=${PICK_SESSION}`, '--model', 'm']],
    [['task', '--resume'], ['task', `--resume=${PICK_SESSION}`]],
    [['--resume', 'abc'], ['--resume', 'abc']],
    [['--resume=abc'], ['--resume=abc']],
    [['--continue'], ['--continue']],
  ]
  test.each(cases)('%j → %j', (argv, expected) => {
    expect(markBareResume(argv)).toEqual(expected)
  })
})

describe('which session to start in', () => {
  test.each([
    [{continue: false}, {kind: 'new'}],
    [{continue: true}, {kind: 'continue'}],
    [{continue: false, resume: 'abc'}, {kind: 'resume', id: 'abc'}],
    [{continue: false, resume: PICK_SESSION}, {kind: 'pick'}],
  ])('%j → %j', (flags, start) => {
    expect(sessionStartFromFlags(flags)).toEqual(start)
  })
})
