import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import path from 'node:path'

import {walkWorkspace, type WalkOptions} from '../../../src/runtime/search/ignore-walker.js'
import {compareNames} from '../../../src/runtime/search/path-order.js'
import {createSearchGlob} from '../../../src/runtime/search/search-glob.js'
import {FIXTURE, makeSearchFixture, type SearchFixture, VISIBLE_FILES} from '../../tools/search-fixture.js'

let fixture: SearchFixture
beforeEach(async () => {
  fixture = await makeSearchFixture()
})
afterEach(async () => {
  await fixture.remove()
})

async function walk(options: Partial<WalkOptions> & {under?: string} = {}, kinds = ['file']): Promise<string[]> {
  const root = path.join(options.root ?? fixture.root, options.under ?? '')
  const paths: string[] = []
  for await (const entry of walkWorkspace({workspace: fixture.root, ...options, root})) {
    if (kinds.includes(entry.kind)) paths.push(entry.path)
  }
  return paths
}

describe('walkWorkspace', () => {
  test('yields the files ignore rules let through, sorted as rg --sort path sorts them', async () => {
    expect(await walk()).toEqual(VISIBLE_FILES)
  })

  test.each([
    ['app.log', 'root .gitignore *.log'],
    ['node_modules/pkg/index.js', 'root .gitignore node_modules/'],
    ['dist/out.js', 'root .gitignore /dist (anchored)'],
    ['src/build/out.ts', 'root .gitignore build/ applies below'],
    ['src/generated/gen.ts', 'nested src/.gitignore'],
    ['src/x.tmp', 'nested src/.gitignore *.tmp'],
    ['src/local.ts', 'nested /local.ts, anchored to src'],
    ['excluded-by-info.txt', '.git/info/exclude'],
    ['ignored-by-dot-ignore.txt', '.ignore'],
    ['.git/config', '.git is never walked'],
  ])('leaves out %s (%s)', async (file) => {
    expect(FIXTURE[file]).toBeDefined()
    expect(await walk()).not.toContain(file)
  })

  test.each([
    ['keep.log', 'negation !keep.log'],
    ['src/important.tmp', 'nested negation !important.tmp'],
    ['src/lib/local.ts', 'an anchored nested pattern does not reach deeper'],
    ['src/build.ts', 'build/ matches directories only'],
    ['src/dist/real.ts', '/dist matches only at the root'],
    ['.github/workflows/ci.yml', 'hidden directories are walked'],
  ])('keeps %s (%s)', async (file) => {
    expect(await walk()).toContain(file)
  })

  test('directories come before their contents, each directory sorted bytewise', async () => {
    const entries = await walk({under: 'src'}, ['file', 'directory'])
    expect(entries).toEqual(['src/.gitignore', 'src/app.ts', 'src/build.ts', 'src/dist', 'src/dist/real.ts', 'src/important.tmp', 'src/lib', 'src/lib/local.ts', 'src/lib/util.ts'])
  })

  test('a subdirectory root still obeys the ignore files above it', async () => {
    await fixture.write('src/lib/debug.log', 'x\n')
    expect(await walk({under: 'src/lib'})).toEqual(['src/lib/local.ts', 'src/lib/util.ts'])
  })

  test('a root inside an ignored directory is walked, as rg walks a path it is given', async () => {
    await fixture.write('node_modules/pkg/README.md', 'x\n')
    expect(await walk({under: 'node_modules/pkg'})).toEqual(['node_modules/pkg/README.md', 'node_modules/pkg/index.js'])
  })

  test('a deeper negation re-includes what a shallower file ignores', async () => {
    await fixture.write('src/lib/.gitignore', '!*.log\n')
    await fixture.write('src/lib/trace.log', 'x\n')
    expect(await walk({under: 'src/lib'})).toContain('src/lib/trace.log')
  })

  test('a file cannot be re-included inside an ignored directory', async () => {
    await fixture.write('.gitignore', 'vendor/\n!vendor/keep.js\n')
    await fixture.write('vendor/keep.js', 'x\n')
    expect(await walk()).not.toContain('vendor/keep.js')
  })

  test('.ignore wins over .gitignore, as in ripgrep', async () => {
    await fixture.write('.ignore', '!app.log\n')
    expect(await walk()).toContain('app.log')
  })

  test('respectIgnoreFiles: false lists everything but .git', async () => {
    const all = await walk({respectIgnoreFiles: false})
    expect(all).toEqual(expect.arrayContaining(['app.log', 'node_modules/pkg/index.js', 'src/generated/gen.ts', 'excluded-by-info.txt']))
    expect(all.some((file) => file.startsWith('.git/'))).toBe(false)
  })

  test('maxDepth stops the descent', async () => {
    expect(await walk({maxDepth: 1}, ['file', 'directory'])).toEqual([
      '.github', '.gitignore', '.hidden-file', '.ignore', 'README.md', 'a', 'a-b.txt', 'binary.bin', 'crlf.txt', 'keep.log', 'long.txt', 'src', 'unicode',
    ])
  })

  test.each([
    // src/local.ts is ignored as a file, so the glob brings it back; src/generated/ is ignored as a directory and never entered.
    ['*.ts', ['src/app.ts', 'src/build.ts', 'src/dist/real.ts', 'src/lib/local.ts', 'src/lib/util.ts', 'src/local.ts']],
    ['lib/*.ts', []],
    ['src/lib/*.ts', ['src/lib/local.ts', 'src/lib/util.ts']],
    ['*.{yml,md}', ['.github/workflows/ci.yml', 'README.md']],
    // As with rg -g, a file the glob names is searched even when .gitignore lists it.
    ['*.log', ['app.log', 'keep.log']],
  ])('glob %s picks %j', async (glob, expected) => {
    expect(await walk({glob: createSearchGlob(glob)})).toEqual(expected)
  })

  test('an excluding glob leaves the rest', async () => {
    const files = await walk({glob: createSearchGlob('!*.ts')})
    expect(files).toContain('README.md')
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([])
  })

  test('a glob with a slash is relative to the root being walked', async () => {
    expect(await walk({under: 'src', glob: createSearchGlob('lib/*.ts')})).toEqual(['src/lib/local.ts', 'src/lib/util.ts'])
  })

  test('stops when the signal is aborted', async () => {
    const controller = new AbortController()
    const seen: string[] = []
    const run = async () => {
      for await (const entry of walkWorkspace({workspace: fixture.root, root: fixture.root, signal: controller.signal})) {
        seen.push(entry.path)
        controller.abort()
      }
    }
    await expect(run()).rejects.toMatchObject({name: 'AbortError'})
    expect(seen).toHaveLength(1)
  })

  test('an unreadable subdirectory is reported and skipped', async () => {
    // Root reads everything, so make the "directory" vanish between listing and reading instead.
    const unreadable: string[] = []
    const walkOnce = walkWorkspace({workspace: fixture.root, root: fixture.root, onUnreadable: (entry) => unreadable.push(entry)})
    const paths: string[] = []
    for await (const entry of walkOnce) {
      paths.push(entry.path)
      if (entry.path === 'a') await fs.rm(fixture.at('a'), {recursive: true})
    }
    expect(unreadable).toEqual(['a'])
    expect(paths).toContain('a-b.txt')
  })
})

describe('repositories and parent directories', () => {
  test('outside any git repository, .gitignore files still apply', async () => {
    await fs.rm(fixture.at('.git'), {recursive: true})
    const files = await walk()
    expect(files).not.toContain('app.log')
    expect(files).not.toContain('src/generated/gen.ts')
    // .git/info/exclude went with .git.
    expect(files).toContain('excluded-by-info.txt')
  })

  test('inside a repository, a .gitignore above the repository top does not apply', async () => {
    await fixture.write('.gitignore', 'inner.txt\n')
    await fixture.write('repo/.git/HEAD', 'x\n')
    await fixture.write('repo/inner.txt', 'x\n')
    await fixture.write('repo/.gitignore', 'local.txt\n')
    await fixture.write('repo/local.txt', 'x\n')
    expect(await walk({under: 'repo'})).toEqual(['repo/.gitignore', 'repo/inner.txt'])
  })

  test('a workspace in a repository subdirectory obeys the repository .gitignore above it', async () => {
    await fixture.write('sub/app.log', 'x\n')
    await fixture.write('sub/main.ts', 'x\n')
    const files: string[] = []
    for await (const entry of walkWorkspace({workspace: fixture.at('sub'), root: fixture.at('sub')})) files.push(entry.path)
    expect(files).toEqual(['main.ts'])
  })

  test('a root outside the workspace gets ../ paths', async () => {
    const files: string[] = []
    for await (const entry of walkWorkspace({workspace: fixture.at('src/lib'), root: fixture.at('a')})) files.push(entry.path)
    expect(files).toEqual(['../../a/b.txt'])
  })
})

describe('compareNames', () => {
  test.each([
    ['a', 'a-b', -1],
    ['B', 'a', -1],
    ['z', 'ü', -1],
    ['\uFFFD', '😀', -1],
    ['same', 'same', 0],
  ])('%s vs %s → %d (UTF-8 byte order)', (a, b, sign) => {
    expect(Math.sign(compareNames(a, b))).toBe(sign)
  })
})
