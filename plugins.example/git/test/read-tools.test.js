// git_status, git_diff and git_log against real repositories, including ones whose config names programs.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {utimes, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterEach, describe, test} from 'node:test'

import {ToolError} from 'lillycoder'

import {MAX_DIFF_CHARS} from '../tools/git-diff.js'
import gitDiff from '../tools/git-diff.js'
import gitLog from '../tools/git-log.js'
import gitStatus from '../tools/git-status.js'
import {makeRepository} from './git-fixture.js'

/** @type {Array<() => Promise<void>>} */
const cleanups = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** @param {Parameters<typeof makeRepository>[0]} [options] */
async function repository(options) {
  const repo = await makeRepository(options)
  cleanups.push(repo.cleanup)
  return repo
}

/** Runs a declaration the way the runtime does: arguments through its schema first. */
const call = (/** @type {any} */ tool, /** @type {unknown} */ args, /** @type {import('lillycoder').ToolContext} */ ctx) =>
  tool.run(tool.parameters.parse(args), ctx)

async function committedRepository() {
  const repo = await repository()
  await repo.write('a.txt', 'one\n')
  await repo.write('src/b.txt', 'two\n')
  repo.git('add', '.')
  repo.git('commit', '--quiet', '-m', 'first')
  return repo
}

describe('a workspace that is not a repository', () => {
  for (const [name, tool, args] of /** @type {const} */ ([['git_status', gitStatus, {}], ['git_diff', gitDiff, {}], ['git_log', gitLog, {}]]))
    test(`${name}: a ToolError that says so`, async () => {
      const repo = await repository({init: false})
      await assert.rejects(call(tool, args, repo.ctx), (error) => error instanceof ToolError && /the workspace is not a git repository/.test(error.message))
    })
})

describe('a repository whose config moves its work tree elsewhere (core.worktree)', () => {
  test('is not taken for the workspace’s repository: nothing outside the workspace is listed', async () => {
    const repo = await committedRepository()
    const elsewhere = path.join(repo.root, '..', 'elsewhere')
    execFileSync('mkdir', [elsewhere])
    await writeFile(path.join(elsewhere, 'secret.txt'), 'not in the workspace\n')
    repo.git('config', 'core.worktree', elsewhere)
    await assert.rejects(call(gitStatus, {}, repo.ctx), (error) => error instanceof ToolError && /the workspace is not a git repository/.test(error.message))
  })
})

describe('git_status', () => {
  test('branch, changed, staged and untracked files', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'changed\n')
    await repo.write('new.txt', 'new\n')
    await repo.write('src/b.txt', 'staged\n')
    repo.git('add', 'src/b.txt')
    const {text} = await call(gitStatus, {}, repo.ctx)
    assert.deepEqual(text.split('\n'), ['## main', ' M a.txt', 'M  src/b.txt', '?? new.txt'])
  })

  test('a merge with conflicts: the conflicted files, and a line saying to resolve them', async () => {
    const repo = await committedRepository()
    repo.git('checkout', '--quiet', '-b', 'other')
    await repo.write('a.txt', 'theirs\n')
    repo.git('commit', '--quiet', '-am', 'theirs')
    repo.git('checkout', '--quiet', 'main')
    await repo.write('a.txt', 'ours\n')
    repo.git('commit', '--quiet', '-am', 'ours')
    assert.throws(() => repo.git('merge', 'other'))
    const {text, data} = await call(gitStatus, {}, repo.ctx)
    assert.deepEqual(text.split('\n').slice(1), ['UU a.txt', '1 file(s) have merge conflicts; resolve them before committing.'])
    assert.deepEqual(data, {files: 1, conflicts: 1})
  })

  test('a clean tree says so', async () => {
    const repo = await committedRepository()
    assert.equal((await call(gitStatus, {}, repo.ctx)).text, '## main\nNothing to commit: the working tree is clean.')
  })

  test('a workspace inside a larger repository sees only its own files, relative to itself', async () => {
    const repo = await repository({workspace: 'pkg'})
    await repo.write('pkg/in.txt', 'x')
    await repo.write('out.txt', 'x')
    repo.git('add', '.')
    repo.git('commit', '--quiet', '-m', 'first')
    await repo.write('pkg/in.txt', 'changed')
    await repo.write('out.txt', 'changed')
    const {text} = await call(gitStatus, {}, repo.ctx)
    assert.match(text, /^ M in\.txt$/m)
    assert.doesNotMatch(text, /out\.txt/)
  })
})

describe('a hostile repository config runs nothing in the read-only tools', () => {
  // Each one makes git run `touch <marker>`; the tools answer without the marker appearing.
  /** @type {Array<[string, (repo: Awaited<ReturnType<typeof committedRepository>>, marker: string) => Promise<void>]>} */
  const hazards = [
    ['core.fsmonitor', async (repo, marker) => void repo.git('config', 'core.fsmonitor', `touch ${marker}`)],
    ['a clean filter in a submodule’s own config', async (repo, marker) => {
      const sub = path.join(repo.root, '..', 'sub')
      execFileSync('git', ['init', '--quiet', sub])
      await writeFile(path.join(sub, 'f.txt'), 'one\n')
      execFileSync('git', ['-C', sub, 'add', 'f.txt'])
      execFileSync('git', ['-C', sub, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'sub'])
      repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', sub, 'sub')
      repo.git('commit', '--quiet', '-m', 'add sub')
      const inside = path.join(repo.root, 'sub')
      execFileSync('git', ['-C', inside, 'config', 'filter.evil.clean', `touch ${marker}; cat`])
      await writeFile(path.join(inside, '.gitattributes'), '*.txt filter=evil\n')
      // Same size, old time: git must read the file (through the filter) to see whether it changed.
      await writeFile(path.join(inside, 'f.txt'), 'two\n')
      await utimes(path.join(inside, 'f.txt'), new Date(2000, 0, 1), new Date(2000, 0, 1))
    }],
    ['a clean filter named in .git/config', async (repo, marker) => {
      repo.git('config', 'filter.evil.clean', `touch ${marker}; cat`)
      await repo.write('.gitattributes', '*.txt filter=evil\n')
    }],
    ['an external diff driver', async (repo, marker) => void repo.git('config', 'diff.external', `touch ${marker}`)],
    ['a textconv driver', async (repo, marker) => {
      repo.git('config', 'diff.evil.textconv', `touch ${marker}; cat`)
      await repo.write('.gitattributes', '*.txt diff=evil\n')
    }],
    // status would write the index and so run this hook, were optional locks and hooks not both off.
    ['a post-index-change hook', async (repo, marker) => repo.hook('post-index-change', `touch ${marker}`)],
  ]
  for (const [name, arm] of hazards)
    test(name, async () => {
      const repo = await committedRepository()
      const marker = path.join(repo.root, '..', 'ran')
      await arm(repo, marker)
      await repo.write('a.txt', 'changed\n') // a changed file, so status and diff look at content
      assert.match((await call(gitStatus, {}, repo.ctx)).text, / M a\.txt/)
      assert.match((await call(gitDiff, {}, repo.ctx)).text, /\+changed/)
      await call(gitLog, {n: 1}, repo.ctx)
      assert.equal(existsSync(marker), false)
    })
})

describe('git_diff', () => {
  test('unstaged by default, staged=true for the index, path for one file, ref for a commit', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'unstaged\n')
    await repo.write('src/b.txt', 'staged\n')
    repo.git('add', 'src/b.txt')
    const unstaged = (await call(gitDiff, {}, repo.ctx)).text
    assert.match(unstaged, /^\+unstaged$/m)
    assert.doesNotMatch(unstaged, /staged\n$/m)
    const staged = (await call(gitDiff, {staged: true}, repo.ctx)).text
    assert.match(staged, /^\+staged$/m)
    assert.doesNotMatch(staged, /unstaged/)
    assert.doesNotMatch((await call(gitDiff, {ref: 'HEAD', path: 'src'}, repo.ctx)).text, /a\.txt/)
    assert.equal((await call(gitDiff, {path: 'src'}, repo.ctx)).text, 'No changes in src.')
  })

  test('a diff over the cap is cut, the cut said, with every changed file listed', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', Array.from({length: 2000}, (_, i) => `line ${i} of a long change`).join('\n'))
    await repo.write('src/b.txt', 'also changed\n')
    const {text, data} = await call(gitDiff, {}, repo.ctx)
    assert.ok(text.length < MAX_DIFF_CHARS + 1000, `${text.length} chars`)
    assert.match(text, /\[diff cut: showed \d+ of \d+ lines; pass path to see one file\. All changed files:\]/)
    assert.match(text, /^ src\/b\.txt +\| +2 \+-$/m)
    assert.equal(data?.cut, true)
  })

  test('a ref git does not know: git’s message as a ToolError', async () => {
    const repo = await committedRepository()
    await assert.rejects(call(gitDiff, {ref: 'no-such-branch'}, repo.ctx), (error) => error instanceof ToolError && /git diff failed: .*no-such-branch/.test(error.message))
  })

  test('a path is literal: "*" is not a glob', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'changed\n')
    assert.equal((await call(gitDiff, {path: '*.txt'}, repo.ctx)).text, 'No changes in *.txt.')
  })
})

describe('git_log', () => {
  test('newest first, n of them, optionally for one path', async () => {
    const repo = await committedRepository()
    await repo.write('a.txt', 'two\n')
    repo.git('commit', '--quiet', '-am', 'second')
    const lines = (await call(gitLog, {}, repo.ctx)).text.trim().split('\n')
    assert.equal(lines.length, 2)
    assert.match(lines[0], /^[0-9a-f]{7,} \d{4}-\d\d-\d\d Test: second$/)
    assert.equal((await call(gitLog, {n: 1}, repo.ctx)).text.trim().split('\n').length, 1)
    assert.match((await call(gitLog, {path: 'src'}, repo.ctx)).text, /: first\n?$/)
  })

  test('a repository without commits', async () => {
    const repo = await repository()
    assert.equal((await call(gitLog, {}, repo.ctx)).text, 'No commits yet.')
  })

  /** @type {Array<[string, unknown]>} */
  const badArguments = [['n: 0', {n: 0}], ['n: 101', {n: 101}], ['n: 1.5', {n: 1.5}], ['path: ""', {path: ''}]]
  for (const [name, args] of badArguments) test(`refuses ${name}`, () => assert.equal(gitLog.parameters.safeParse(args).success, false))
})
