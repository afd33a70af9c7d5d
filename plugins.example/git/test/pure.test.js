// The pure parts: the argv every git call gets, the output cap, the ref check.
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'

import {capOutput} from '../lib/cap-output.js'
import {gitArgv, repoFilterNames} from '../lib/git-argv.js'
import {gitRef} from '../lib/git-ref.js'

/** @param {string[]} argv */
const settings = (argv) => argv.flatMap((arg, i) => (argv[i - 1] === '-c' ? [arg] : []))

describe('gitArgv', () => {
  test('every call: no fsmonitor, no pager, literal pathspecs, no optional locks, the command last', () => {
    const argv = gitArgv(['commit', '-F', '-'], {readOnly: false})
    assert.deepEqual(settings(argv).filter((s) => /fsmonitor|pager/.test(s)), ['core.fsmonitor=false', 'core.pager=cat'])
    assert.ok(argv.includes('--literal-pathspecs') && argv.includes('--no-optional-locks'))
    assert.deepEqual(argv.slice(-3), ['commit', '-F', '-'])
  })

  test('a mutating call keeps the repository hooks and filters: the person approved what git commit runs', () => {
    const all = settings(gitArgv(['commit'], {readOnly: false, repoFilters: ['evil']}))
    assert.equal(all.some((s) => s.startsWith('core.hooksPath') || s.startsWith('filter.')), false)
  })

  test('a read-only call runs no hooks and none of the repository filters', () => {
    const all = settings(gitArgv(['status'], {readOnly: true, repoFilters: ['evil', 'a.b']}))
    assert.ok(all.includes('core.hooksPath=/dev/null'))
    for (const name of ['evil', 'a.b'])
      for (const key of ['clean', 'smudge', 'process']) assert.ok(all.includes(`filter.${name}.${key}=`), `${name}.${key}`)
  })
})

describe('repoFilterNames', () => {
  /** @type {Array<[string, string, string[]]>} */
  const cases = [
    ['a local clean filter', 'local\tfilter.evil.clean touch x', ['evil']],
    ['a worktree filter with a dotted name', 'worktree\tfilter.a.b.process run', ['a.b']],
    ['the user’s own git-lfs filter stays on', 'global\tfilter.lfs.process git-lfs filter-process', []],
    ['a system filter stays on', 'system\tfilter.x.clean y', []],
    ['a value-less key', 'local\tfilter.flag.required', ['flag']],
    ['one name for several keys', 'local\tfilter.e.clean a\nlocal\tfilter.e.smudge b', ['e']],
    ['no filters', '', []],
  ]
  for (const [name, listing, expected] of cases) test(name, () => assert.deepEqual(repoFilterNames(listing), expected))
})

describe('capOutput', () => {
  /** @type {Array<[string, string, number, string, {shownLines: number, totalLines: number} | undefined]>} */
  const cases = [
    ['short text is whole', 'a\nb', 10, 'a\nb', undefined],
    ['cut at a line end', 'aaaa\nbbbb\ncccc', 10, 'aaaa\nbbbb', {shownLines: 2, totalLines: 3}],
    ['a first line over the cap is cut inside it', 'x'.repeat(20), 5, 'xxxxx', {shownLines: 1, totalLines: 1}],
  ]
  for (const [name, text, max, shown, cut] of cases)
    test(name, () => {
      const capped = capOutput(text, max)
      assert.equal(capped.text, shown)
      assert.deepEqual(capped.cut, cut)
      assert.ok(capped.text.length <= max)
    })
})

describe('gitRef', () => {
  /** @type {Array<[string, boolean]>} */
  const cases = [
    ['HEAD~1', true],
    ['main..feature', true],
    ['a1b2c3d', true],
    ['v1.0^{commit}', true],
    ['--output=/tmp/x', false],
    ['-p', false],
    ['main feature', false],
    ['', false],
  ]
  for (const [ref, ok] of cases) test(`${JSON.stringify(ref)} → ${ok ? 'accepted' : 'refused'}`, () => assert.equal(gitRef.safeParse(ref).success, ok))
})
