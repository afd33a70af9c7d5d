/**
 * `tools list` and `tools show` answer from a cache of the tool declarations when it is valid for the plugins on
 * disk: the same bytes as loading every plugin, and never an answer for code that has changed since.
 */
import {describe, expect, test} from '@jest/globals'
import {cp, mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {useE2E} from '../support/e2e-context.js'

const e2e = useE2E()
const REPO = fileURLToPath(new URL('../..', import.meta.url))
const fixture = (name: string) => path.join(REPO, 'test/e2e/fixtures', name)

const cacheFile = () => path.join(e2e.sandbox.home, '.cache', 'lillycoder', 'tools.json')

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await e2e.sandbox.run(args, {env})
  expect(result.code).toBe(0)
  return {stdout: result.stdout, stderr: result.stderr}
}

async function link(dir: string): Promise<void> {
  await cli(['plugins', 'link', dir, '--no-install'])
}

/** A private copy of a fixture plugin, which the test may edit; zod resolves from this checkout. */
async function copyOfFixture(name: string): Promise<string> {
  const dir = path.join(e2e.sandbox.home, 'plugins', name)
  await cp(fixture(name), dir, {recursive: true})
  await mkdir(path.join(dir, 'node_modules'), {recursive: true})
  await symlink(path.join(REPO, 'node_modules', 'zod'), path.join(dir, 'node_modules', 'zod'))
  return dir
}

/** Rewrites the cached descriptions and keeps the fingerprint: whatever prints the marker came from the cache. */
async function markCachedDescriptions(marker: string): Promise<void> {
  const cache = JSON.parse(await readFile(cacheFile(), 'utf8')) as {tools: Array<{description: string}>}
  for (const tool of cache.tools) tool.description = `${marker}. ${tool.description}`
  await writeFile(cacheFile(), JSON.stringify(cache))
}

const QUERIES = [['tools list'], ['tools list --json'], ['tools show edit_file'], ['tools show bash --json']]

describe('a hit prints what a miss prints', () => {
  test.each(QUERIES)('%s: same stdout and stderr, and the cache is what answered', async (query) => {
    const args = query.split(' ')
    await link(fixture('clashing-plugin'))
    const miss = await cli(args)
    expect(miss.stderr).toMatch(/already provided by lillycoder/)
    const hit = await cli(args)
    expect(hit).toEqual(miss)
    await markCachedDescriptions('FROM THE CACHE')
    expect((await cli(args)).stdout).toContain('FROM THE CACHE')
  })

  test('chat and run write it too', async () => {
    await e2e.serve([{flavor: 'llamacpp', text: 'hi'}])
    await cli(['run', 'hi', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b'])
    await markCachedDescriptions('WRITTEN BY RUN')
    expect((await cli(['tools', 'list'])).stdout).toContain('WRITTEN BY RUN')
  })
})

describe('the cache never answers for code that changed', () => {
  test('linking and unlinking a plugin changes the next list', async () => {
    const dir = await copyOfFixture('clashing-plugin')
    const before = await cli(['tools', 'list'])
    expect(before.stdout).not.toContain('say_hello')
    await link(dir)
    expect((await cli(['tools', 'list'])).stdout).toContain('say_hello')
    await cli(['plugins', 'unlink', 'lillycoder-clashing-fixture'])
    expect(await cli(['tools', 'list'])).toEqual(before)
  })

  test("editing a linked plugin's hook changes the next list", async () => {
    const dir = await copyOfFixture('clashing-plugin')
    await link(dir)
    expect((await cli(['tools', 'show', 'say_hello'])).stdout).toContain('Say hello.')
    const hook = path.join(dir, 'hooks', 'tools.js')
    await writeFile(hook, (await readFile(hook, 'utf8')).replace('Say hello.', 'Say hello twice.'))
    expect((await cli(['tools', 'show', 'say_hello'])).stdout).toContain('Say hello twice.')
    expect((await cli(['tools', 'list'])).stdout).toContain('Say hello twice.')
  })

  test("pointing a linked plugin's package.json at another hook changes the next list", async () => {
    const dir = await copyOfFixture('clashing-plugin')
    await link(dir)
    await cli(['tools', 'list'])
    await writeFile(
      path.join(dir, 'hooks', 'other.js'),
      "import {z} from 'zod'\nexport default async () => [{name: 'say_goodbye', description: 'Say goodbye.', parameters: z.object({}), mutates: false, targets: () => [], run: async () => ({text: 'bye'})}]\n",
    )
    const manifest = path.join(dir, 'package.json')
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('./hooks/tools.js', './hooks/other.js'))
    const {stdout} = await cli(['tools', 'list'])
    expect(stdout).toContain('say_goodbye')
    expect(stdout).not.toContain('say_hello')
  })

  test('a file the hook imports, beside it or deeper, counts for a linked plugin', async () => {
    const dir = await copyOfFixture('clashing-plugin')
    await mkdir(path.join(dir, 'lib'))
    await writeFile(path.join(dir, 'lib', 'words.js'), "export const greeting = 'Say hi.'\n")
    const hook = path.join(dir, 'hooks', 'tools.js')
    await writeFile(hook, `import {greeting} from '../lib/words.js'\n${(await readFile(hook, 'utf8')).replace("'Say hello.'", 'greeting')}`)
    await link(dir)
    expect((await cli(['tools', 'list'])).stdout).toContain('Say hi.')
    await writeFile(path.join(dir, 'lib', 'words.js'), "export const greeting = 'Say ho.'\n")
    expect((await cli(['tools', 'list'])).stdout).toContain('Say ho.')
  })

  test('another workspace is another key', async () => {
    await cli(['tools', 'list'])
    await markCachedDescriptions('OTHER WORKSPACE')
    const elsewhere = path.join(e2e.sandbox.home, 'elsewhere')
    await mkdir(elsewhere)
    const result = await e2e.sandbox.run(['tools', 'list'], {cwd: elsewhere})
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('OTHER WORKSPACE')
  })
})

describe('a bad cache file is a miss, rewritten, never an error', () => {
  test.each<[string, (file: string) => Promise<void>]>([
    ['not JSON', (file) => writeFile(file, '{"format": 1, "tools": [')],
    ['JSON of another shape', (file) => writeFile(file, JSON.stringify({format: 1, fingerprint: 'x', plugins: 'all', tools: [], problems: []}))],
    ['a tool of the wrong shape', async (file) => {
      const cache = JSON.parse(await readFile(file, 'utf8')) as {tools: unknown[]}
      cache.tools[0] = {name: 7}
      await writeFile(file, JSON.stringify(cache))
    }],
    ['an older format', async (file) => {
      const cache = JSON.parse(await readFile(file, 'utf8')) as {format: number}
      cache.format = 0
      await writeFile(file, JSON.stringify(cache))
    }],
    ['empty', (file) => writeFile(file, '')],
    ['a directory (unreadable as a file)', async (file) => {
      await rm(file)
      await mkdir(path.join(file, 'inside'), {recursive: true})
    }],
  ])('%s', async (_name, spoil) => {
    const miss = await cli(['tools', 'list', '--json'])
    await spoil(cacheFile())
    expect(await cli(['tools', 'list', '--json'])).toEqual(miss)
    if (!_name.startsWith('a directory')) {
      const rewritten = JSON.parse(await readFile(cacheFile(), 'utf8')) as {format: number; tools: unknown[]}
      expect(rewritten.tools).toHaveLength((JSON.parse(miss.stdout) as unknown[]).length)
    }
  })
})

describe('where the cache lives', () => {
  test('XDG_CACHE_HOME is respected', async () => {
    const elsewhere = path.join(e2e.sandbox.home, 'xdg-cache')
    await cli(['tools', 'list'], {XDG_CACHE_HOME: elsewhere})
    expect(JSON.parse(await readFile(path.join(elsewhere, 'lillycoder', 'tools.json'), 'utf8'))).toMatchObject({format: 1})
    await expect(readFile(cacheFile(), 'utf8')).rejects.toThrow()
  })

  test('without XDG_CACHE_HOME it is ~/.cache/lillycoder', async () => {
    await cli(['tools', 'list'], {XDG_CACHE_HOME: ''})
    expect(JSON.parse(await readFile(cacheFile(), 'utf8'))).toMatchObject({format: 1})
  })

  test('a cache dir that cannot be created is no error', async () => {
    const blocked = path.join(e2e.sandbox.home, 'a-file')
    await writeFile(blocked, 'not a directory')
    const first = await cli(['tools', 'list'], {XDG_CACHE_HOME: blocked})
    expect(first.stderr).toBe('')
    expect(await cli(['tools', 'list'], {XDG_CACHE_HOME: blocked})).toEqual(first)
  })
})

test('an unknown tool name still gets the error with suggestions, exit 2', async () => {
  await cli(['tools', 'list'])
  const result = await e2e.sandbox.run(['tools', 'show', 'edit_fil'])
  expect(result.code).toBe(2)
  expect(result.stderr).toMatch(/no tool named "edit_fil"; did you mean edit_file/)
})
