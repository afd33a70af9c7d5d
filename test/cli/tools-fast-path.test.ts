import {expect, test} from '@jest/globals'

import {parseToolsQuery} from '../../src/cli/tools-fast-path.js'

// Only command lines the cache answers exactly as oclif would; everything else goes to oclif.
test.each<[string, ReturnType<typeof parseToolsQuery>]>([
  ['tools list', {kind: 'list', json: false}],
  ['tools list --json', {kind: 'list', json: true}],
  ['tools show edit_file', {kind: 'show', name: 'edit_file', json: false}],
  ['tools show --json bash', {kind: 'show', name: 'bash', json: true}],
  ['tools show bash --json', {kind: 'show', name: 'bash', json: true}],
  ['tools list --json --json', undefined],
  ['tools list --help', undefined],
  ['tools list extra', undefined],
  ['tools list --debug', undefined],
  ['tools show', undefined],
  ['tools show a b', undefined],
  ['tools show Edit-File', undefined],
  ['tools show --help', undefined],
  ['tools', undefined],
  ['tools explain x', undefined],
  ['chat tools list', undefined],
])('%s → %j', (line, expected) => {
  expect(parseToolsQuery(line.split(' '))).toEqual(expected)
})
