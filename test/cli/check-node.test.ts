import {expect, test} from '@jest/globals'

// @ts-expect-error -- plain JS next to bin/run.js, so that an old Node can load it
import {nodeVersionProblem} from '../../bin/check-node.js'

test.each([
  ['v20.19.0', null],
  ['v20.20.2', null],
  ['v22.1.0', null],
  ['v24.11.1', null],
  ['v20.18.3', 'lillycoder needs Node.js 20.19 or newer; this is v20.18.3. Install a current Node (20, 22 or 24).'],
  ['v18.20.4', 'lillycoder needs Node.js 20.19 or newer; this is v18.20.4. Install a current Node (20, 22 or 24).'],
])('%s → %s', (version, problem) => {
  expect(nodeVersionProblem(version)).toBe(problem)
})
