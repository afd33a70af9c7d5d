// git_commit against real repositories: what it stages, what it refuses, what it never does.
import assert from 'node:assert/strict'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {afterEach, describe, test} from 'node:test'

import {ToolError} from 'lillycoder'

import {runGit} from '../lib/run-git.js'
import gitCommit from '../tools/git-commit.js'
import {makeRepository} from './git-fixture.js'

/** @type {Array<() => Promise<void>>} */
const cleanups = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** @param {Parameters<typeof makeRepository>[0]} [options] */
async function committedRepository(options) {
  const repo = await makeRepository(options)
  cleanups.push(repo.cleanup)
  await repo.write('a.txt', 'one\n')
  await repo.write('b.txt', 'one\n')
  repo.git('add', '.')
  repo.git('commit', '--quiet', '-m', 'first')
  return repo
}

/** @param {unknown} args @param {import('lillycoder').ToolContext} ctx */
const commit = (args, ctx) => gitCommit.run(gitCommit.parameters.parse(args), ctx)

/** @param {RegExp} pattern */
const toolError = (pattern) => (/** @type {unknown} */ error) => error instanceof ToolError && pattern.test(error.message)

describe('git_commit', () => {
  test('stages the given paths, commits, and returns the short hash and the stat', async () => {
    const repo = await committedRepository()
    const before = repo.git('rev-parse', 'HEAD').trim()
    await repo.write('a.txt', 'two\n')
    await repo.write('b.txt', 'left alone\n')
    const {text, data} = await commit({message: 'Change a', paths: ['a.txt']}, repo.ctx)
    const hash = repo.git('rev-parse', '--short', 'HEAD').trim()
    assert.equal(text.split('\n')[0], `Committed ${hash}: Change a`)
    assert.match(text, /^ a\.txt +\| 2 \+-$/m)
    assert.match(text, /1 file changed, 1 insertion\(\+\), 1 deletion\(-\)/)
    assert.deepEqual(data, {hash, files: 1})
    // A new commit on top: never an amend. b.txt was not staged, so it is still changed.
    assert.equal(repo.git('rev-parse', 'HEAD~1').trim(), before)
    assert.equal(repo.git('status', '--porcelain'), ' M b.txt\n')
  })

  test('with paths, only those are committed; other staged changes stay staged', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'two\n')
    await repo.write('b.txt', 'staged earlier\n')
    repo.git('add', 'b.txt')
    await commit({message: 'Only a', paths: ['a.txt']}, repo.ctx)
    assert.equal(repo.git('show', '--name-only', '--format=', 'HEAD').trim(), 'a.txt')
    assert.equal(repo.git('status', '--porcelain'), 'M  b.txt\n')
  })

  test('commits what is already staged when no paths are given', async () => {
    const repo = await committedRepository()
    await repo.write('b.txt', 'two\n')
    repo.git('add', 'b.txt')
    await commit({message: 'Change b'}, repo.ctx)
    assert.equal(repo.git('log', '-1', '--format=%s').trim(), 'Change b')
    assert.equal(repo.git('show', '--name-only', '--format=', 'HEAD').trim(), 'b.txt')
  })

  test('a message that looks like an option is only a message', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'two\n')
    await commit({message: '--amend --no-verify', paths: ['a.txt']}, repo.ctx)
    assert.equal(repo.git('log', '-1', '--format=%s').trim(), '--amend --no-verify')
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '2')
  })

  test('refuses when nothing is staged', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'changed but not staged\n')
    await assert.rejects(commit({message: 'Nothing'}, repo.ctx), toolError(/nothing is staged.*Hint: pass paths/))
    await assert.rejects(commit({message: 'Unchanged', paths: ['b.txt']}, repo.ctx), toolError(/^b\.txt: no changes to commit/))
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '1')
  })

  test('refuses in a repository with conflicts, and stages nothing', async () => {
    const repo = await committedRepository()
    repo.git('checkout', '--quiet', '-b', 'other')
    await repo.write('a.txt', 'theirs\n')
    repo.git('commit', '--quiet', '-am', 'theirs')
    repo.git('checkout', '--quiet', 'main')
    await repo.write('a.txt', 'ours\n')
    repo.git('commit', '--quiet', '-am', 'ours')
    assert.throws(() => repo.git('merge', 'other'))
    await repo.write('b.txt', 'two\n')
    await assert.rejects(commit({message: 'Merge', paths: ['b.txt']}, repo.ctx), toolError(/unresolved merge conflicts in a\.txt/))
    assert.equal(repo.git('diff', '--cached', '--name-only', '--diff-filter=M'), '')
  })

  test('a path is literal: "*.txt" stages no file', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'two\n')
    await assert.rejects(commit({message: 'Glob', paths: ['*.txt']}, repo.ctx), toolError(/git add failed: pathspec '\*\.txt' did not match any files/))
  })

  test('in a folder of a larger repository, a commit of everything staged refuses files staged outside it', async () => {
    const repo = await committedRepository({workspace: 'pkg'})
    await repo.write('a.txt', 'staged outside\n')
    repo.git('add', 'a.txt')
    await repo.write('pkg/in.txt', 'inside\n')
    await assert.rejects(commit({message: 'Everything'}, repo.ctx), toolError(/files outside the workspace are staged: a\.txt/))
    // With paths, the commit takes only those: the file outside stays staged, uncommitted.
    await commit({message: 'Mine', paths: ['in.txt']}, repo.ctx)
    assert.equal(repo.git('show', '--name-only', '--format=', 'HEAD').trim(), 'pkg/in.txt')
    assert.equal(repo.git('diff', '--cached', '--name-only'), 'a.txt\n')
  })

  test('a path outside the workspace is refused before git runs', async () => {
    const repo = await committedRepository({workspace: 'pkg'})
    await repo.write('a.txt', 'two\n')
    await assert.rejects(commit({message: 'Out', paths: ['../a.txt']}, repo.ctx), /outside the workspace/)
    assert.equal(repo.git('diff', '--cached', '--name-only'), '')
  })

  test('runs the repository hooks, with no terminal prompts, and says so in the preview', async () => {
    const repo = await committedRepository()
    const seen = path.join(repo.root, '..', 'hook-env')
    await repo.hook('pre-commit', `echo "prompt=$GIT_TERMINAL_PROMPT" > ${seen}`)
    await repo.write('a.txt', 'two\n')
    const preview = await gitCommit.preview?.(gitCommit.parameters.parse({message: 'Hooked\n\nbody', paths: ['a.txt']}), repo.ctx)
    assert.deepEqual(preview, {
      summary: 'git commit -m "Hooked"',
      detail: 'commits only these, staged first: a.txt\nruns the repository\'s hooks: .git/hooks/pre-commit',
    })
    await commit({message: 'Hooked', paths: ['a.txt']}, repo.ctx)
    assert.equal(await readFile(seen, 'utf8'), 'prompt=0\n')
  })

  test('the preview of a commit without paths names what is staged, and that no hooks run', async () => {
    const repo = await committedRepository()
    await repo.write('b.txt', 'two\n')
    repo.git('add', 'b.txt')
    const preview = await gitCommit.preview?.(gitCommit.parameters.parse({message: 'All'}), repo.ctx)
    assert.deepEqual(preview, {summary: 'git commit -m "All"', detail: 'commits everything staged: b.txt\nno commit hooks'})
  })

  test('a hook that refuses the commit: its message comes back, no commit is made', async () => {
    const repo = await committedRepository()
    await repo.hook('pre-commit', 'echo "lint failed: a.txt" >&2; exit 1')
    await repo.write('a.txt', 'two\n')
    await assert.rejects(commit({message: 'Blocked', paths: ['a.txt']}, repo.ctx), toolError(/git commit failed: lint failed: a\.txt/))
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '1')
  })

  test('a git call that hangs is stopped at its timeout', async () => {
    const repo = await committedRepository()
    await repo.hook('pre-commit', 'sleep 20')
    await repo.write('a.txt', 'two\n')
    repo.git('add', 'a.txt')
    await assert.rejects(runGit(['commit', '-m', 'slow'], repo.ctx, {readOnly: false, timeoutMs: 300}), toolError(/git commit did not finish within 0 s/))
  })

  /** @type {Array<[string, unknown]>} */
  const badArguments = [
    ['no message', {}],
    ['a blank message', {message: '  \n '}],
    ['paths that is not a list', {message: 'x', paths: 'a.txt'}],
    ['an empty path', {message: 'x', paths: ['']}],
  ]
  for (const [name, args] of badArguments) test(`refuses ${name}`, () => assert.equal(gitCommit.parameters.safeParse(args).success, false))

  test('its targets are the paths it stages', () => {
    assert.deepEqual(gitCommit.targets(gitCommit.parameters.parse({message: 'x', paths: ['a.txt', 'src/b.ts']})), [
      {kind: 'path', path: 'a.txt'},
      {kind: 'path', path: 'src/b.ts'},
    ])
    assert.deepEqual(gitCommit.targets(gitCommit.parameters.parse({message: 'x'})), [])
  })
})
