import {expect, test} from '@jest/globals'

import {withDefaultCommand} from '../../src/cli/default-command.js'

test.each([
  [[], ['chat']],
  [['--api', 'http://x/v1'], ['chat', '--api', 'http://x/v1']],
  [['-m', 'qwen'], ['chat', '-m', 'qwen']],
  [['--help'], ['--help']],
  [['--version'], ['--version']],
  [['run', 'task'], ['run', 'task']],
  [['tools', 'list'], ['tools', 'list']],
])('%j → %j', (argv, expected) => {
  expect(withDefaultCommand(argv)).toEqual(expected)
})
