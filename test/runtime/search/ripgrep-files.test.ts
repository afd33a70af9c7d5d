import {afterEach, beforeAll, beforeEach, expect, test} from '@jest/globals'

import {listFilesWithRipgrep} from '../../../src/runtime/search/ripgrep-files.js'
import {createSearchGlob} from '../../../src/runtime/search/search-glob.js'
import {installedRipgrep, makeSearchFixture, type SearchFixture} from '../../tools/search-fixture.js'

let ripgrep: string
beforeAll(async () => {
  ripgrep = await installedRipgrep()
})

let fixture: SearchFixture
beforeEach(async () => {
  fixture = await makeSearchFixture({})
  // Names out of order across directories: ripgrep lists them in any order.
  for (let file = 40; file > 0; file--) await fixture.write(`d${file % 5}/f${String(file).padStart(2, '0')}.txt`, '')
  await fixture.write('d0/skip.md', '')
})
afterEach(async () => {
  await fixture.remove()
})

const all = Array.from({length: 40}, (_, index) => `d${(index + 1) % 5}/f${String(index + 1).padStart(2, '0')}.txt`).sort()

test.each([1, 3, 7, 40, 100])('keeps the first %d paths in path order, however many it is given, and counts them all', async (max) => {
  const listing = await listFilesWithRipgrep(ripgrep, {workspace: fixture.root, directory: fixture.root, glob: createSearchGlob('*.txt'), max, signal: new AbortController().signal})
  expect(listing).toEqual({shown: all.slice(0, max), total: 40, problems: []})
})

test('paths are workspace-relative when the directory is below the workspace', async () => {
  const listing = await listFilesWithRipgrep(ripgrep, {workspace: fixture.root, directory: fixture.at('d0'), max: 10, signal: new AbortController().signal})
  expect(listing?.shown).toEqual(['d0/f05.txt', 'd0/f10.txt', 'd0/f15.txt', 'd0/f20.txt', 'd0/f25.txt', 'd0/f30.txt', 'd0/f35.txt', 'd0/f40.txt', 'd0/skip.md'])
})
