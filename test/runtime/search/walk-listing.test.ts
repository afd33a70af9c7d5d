import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {rmSync} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {collectWalkListing, formatWalkListing, type WalkListing} from '../../../src/runtime/search/walk-listing.js'

describe('formatWalkListing', () => {
  const words = {empty: 'src is empty.', noun: 'entries', hint: 'list a subdirectory'}
  const listing = (shown: string[], total: number, problems: string[] = []): WalkListing => ({shown, total, problems})

  test.each<[string, WalkListing, string]>([
    ['nothing found', listing([], 0), 'src is empty.'],
    ['everything shown', listing(['a', 'b/'], 2), 'a\nb/'],
    ['some not shown', listing(['a', 'b'], 5), 'a\nb\n… 3 more entries not shown; list a subdirectory'],
    ['nothing found, one path unreadable', listing([], 0, ['x: EACCES']), 'src is empty.\n(Could not read one path: x: EACCES.)'],
    [
      'shown, counted and unreadable',
      listing(['a'], 2, ['p: E1', 'q: E2', 'r: E3', 's: E4']),
      'a\n… 1 more entries not shown; list a subdirectory\n(Could not read 4 paths: p: E1; q: E2; r: E3 and 1 more.)',
    ],
  ])('%s', (_name, given, text) => {
    expect(formatWalkListing(given, words)).toBe(text)
  })
})

describe('collectWalkListing', () => {
  let root: string
  beforeEach(async () => {
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-listing-')))
    for (const file of ['a/one.txt', 'a/two.txt', 'b.txt', 'c.txt', 'd.md']) {
      await fs.mkdir(path.dirname(path.join(root, file)), {recursive: true})
      await fs.writeFile(path.join(root, file), '')
    }
  })
  afterEach(() => fs.rm(root, {recursive: true, force: true}))

  test('keeps the first lines, counts the rest, and leaves out what the line function skips', async () => {
    const files = await collectWalkListing({workspace: root, root}, 2, (entry) => (entry.kind === 'file' ? entry.path.toUpperCase() : undefined))
    expect(files).toEqual({shown: ['A/ONE.TXT', 'A/TWO.TXT'], total: 5, problems: []})
  })

  test('a directory that cannot be read is a problem line, and the walk goes on', async () => {
    // Root reads everything, so the directory vanishes between being listed and being read: the walk
    // reads ahead of the caller by a batch, so it goes when the caller sees the first of many files.
    const many = Array.from({length: 600}, (_, index) => `f${String(index).padStart(3, '0')}`)
    for (const name of many) await fs.writeFile(path.join(root, name), '')
    await fs.mkdir(path.join(root, 'zz'))
    await fs.writeFile(path.join(root, 'zz', 'inside.txt'), '')
    const listing = await collectWalkListing({workspace: root, root}, 1000, (entry) => {
      if (entry.path === 'f000') rmSync(path.join(root, 'zz'), {recursive: true})
      return entry.path
    })
    expect(listing.shown).toEqual(['a', 'a/one.txt', 'a/two.txt', 'b.txt', 'c.txt', 'd.md', ...many, 'zz'])
    expect(listing.problems).toEqual([expect.stringMatching(/^zz: ENOENT: /)])
  })
})
