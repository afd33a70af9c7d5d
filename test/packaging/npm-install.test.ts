/**
 * What an npm user gets: the packed tarball's file list, then a global install of it into a temp prefix and the
 * installed `lillycoder` run from there (version, tools, personas, a headless run against a scripted server).
 * Needs the built dist/ (`npm test` builds first) and the npm registry (or a warm npm cache) for the dependencies.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {chatRequestBodies} from '../support/run-output.js'
import {startWireServer, type WireServer} from '../support/wire-server.js'
import {BUILTIN_TOOLS, expectSuccess, hasStackTrace, installedCliEnv, REPO, runProgram, VERSION, type CommandResult} from './packaging-support.js'

let scratch: string
let packedFiles: string[]
let prefix: string
let installOutput: CommandResult
let workspace: string
let env: NodeJS.ProcessEnv

const installed = (...parts: string[]): string => path.join(prefix, 'lib/node_modules/lillycoder', ...parts)
const lillycoder = (args: string[], cwd = workspace): Promise<CommandResult> => runProgram(path.join(prefix, 'bin/lillycoder'), args, {cwd, env, timeoutMs: 60_000})

beforeAll(async () => {
  if (!existsSync(path.join(REPO, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build first (npm test does)')
  scratch = await mkdtemp(path.join(os.tmpdir(), 'lilly-npm-install-'))
  // --ignore-scripts: no prepack build here, since other test files run the dist/ this packs at the same time.
  const pack = expectSuccess('npm pack', await runProgram('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {cwd: REPO}))
  const [report] = JSON.parse(pack.stdout) as Array<{filename: string; files: Array<{path: string}>}>
  packedFiles = report.files.map((file) => file.path)
  prefix = path.join(scratch, 'prefix')
  // npm itself keeps the user's npm config and cache (registry settings, no second download); only the prefix is ours.
  installOutput = expectSuccess(
    'npm install -g',
    await runProgram('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', path.join(scratch, report.filename)], {cwd: scratch}),
  )
  const home = path.join(scratch, 'home')
  workspace = path.join(scratch, 'workspace')
  await mkdir(home)
  await mkdir(workspace)
  env = installedCliEnv(home, path.join(prefix, 'bin'))
}, 300_000)

afterAll(async () => {
  if (scratch) await rm(scratch, {recursive: true, force: true})
})

describe('the packed tarball', () => {
  test.each(['bin/run.js', 'bin/check-node.js', 'dist/index.js', 'dist/index.d.ts', 'dist/plugins/builtin-tools/hook.js', 'personas/lilly.md', 'personas/plain.md', 'oclif.manifest.json', 'package.json', 'LICENSE', 'README.md'])(
    'holds %s',
    (file) => {
      expect(packedFiles).toContain(file)
    },
  )

  test.each(['src/', 'test/', 'bench/', 'scripts/', '.ci/', 'WORKINGDIR/', 'plugins.example/', 'node_modules/', 'coverage/', '.github/'])('holds nothing under %s', (folder) => {
    expect(packedFiles.filter((file) => file.startsWith(folder))).toEqual([])
  })

  test.each(['Dockerfile', 'docker-compose.yml', '.dockerignore', '.gitignore', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'jest.config.js', 'eslint.config.js'])(
    'leaves out the dev file %s',
    (file) => {
      expect(packedFiles).not.toContain(file)
    },
  )

  test('holds no test files, source maps of tests or build-info files anywhere', () => {
    expect(packedFiles.filter((file) => /\.test\.|\.tsbuildinfo$|\.tgz$|\.deb$/.test(file))).toEqual([])
  })
})

describe('npm install --global of the tarball into a temp prefix', () => {
  test('puts lillycoder on the prefix bin, and its package under lib/node_modules', () => {
    expect(existsSync(path.join(prefix, 'bin/lillycoder'))).toBe(true)
    expect(existsSync(installed('oclif.manifest.json'))).toBe(true)
    expect(existsSync(installed('personas/lilly.md'))).toBe(true)
  })

  test.each(['jest', 'typescript', '@swc/core', 'eslint', 'oclif', 'tsx'])('installs no dev dependency: %s', (name) => {
    expect(existsSync(installed('node_modules', name))).toBe(false)
  })

  test('npm says nothing worse than warnings while installing', () => {
    expect(installOutput.stderr).not.toMatch(/npm (error|ERR!)/)
  })

  test('the installed oclif manifest lists the commands', async () => {
    const manifest = JSON.parse(await readFile(installed('oclif.manifest.json'), 'utf8')) as {version: string; commands: Record<string, unknown>}
    expect(manifest.version).toBe(VERSION)
    expect(Object.keys(manifest.commands)).toEqual(expect.arrayContaining(['chat', 'run', 'tools:list', 'tools:show', 'personas:list']))
  })

  test('lillycoder --version names this version', async () => {
    const {code, stdout} = await lillycoder(['--version'])
    expect(code).toBe(0)
    expect(stdout).toMatch(new RegExp(`^lillycoder/${VERSION.replaceAll('.', '\\.')} `))
  })

  test('tools list --json lists every builtin tool, from the builtin plugin', async () => {
    const {code, stdout, stderr} = await lillycoder(['tools', 'list', '--json'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const tools = JSON.parse(stdout) as Array<{name: string; source: string}>
    expect(tools.map((tool) => tool.name).sort()).toEqual([...BUILTIN_TOOLS].sort())
    expect(new Set(tools.map((tool) => tool.source))).toEqual(new Set(['lillycoder']))
  })

  test('personas list shows the bundled personas', async () => {
    const {code, stdout} = await lillycoder(['personas', 'list'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/lilly\b.*\(default\)/)
    expect(stdout).toMatch(/plain\b/)
  })

  test('a headless run reads a file through a tool call and prints the answer', async () => {
    await writeFile(path.join(workspace, 'notes.txt'), 'the installed copy works\n')
    const server: WireServer = await startWireServer([
      {flavor: 'llamacpp', text: 'Reading it.', toolCalls: [{name: 'read_file', arguments: {path: 'notes.txt'}}]},
      {flavor: 'llamacpp', text: 'It says the installed copy works.'},
    ])
    try {
      const {code, stdout, stderr} = await lillycoder(['run', 'what is in notes.txt?', '--api', server.url, '--model', 'qwen2.5-coder:7b'])
      expect(stderr).not.toMatch(/error/i)
      expect(code).toBe(0)
      expect(stdout).toBe('It says the installed copy works.\n')
      const bodies = chatRequestBodies<{messages: Array<{role: string; content: string}>}>(server)
      expect(bodies).toHaveLength(2)
      const toolMessage = bodies[1].messages.find((m) => m.role === 'tool')
      expect(toolMessage?.content).toMatch(/the installed copy works/)
    } finally {
      await server.close()
    }
  })

  test.each([
    ['an unknown command', ['no-such-command']],
    ['a server that is not there', ['run', 'hi', '--api', 'http://127.0.0.1:9/v1', '--model', 'qwen2.5-coder:7b']],
    ['an endpoint that is not a URL', ['run', 'hi', '--api', 'ftp://nowhere', '--model', 'qwen2.5-coder:7b']],
  ])('%s: one line, a non-zero exit, no stack trace', async (_what, args) => {
    const {code, stderr} = await lillycoder(args)
    expect(code).not.toBe(0)
    expect(stderr.trim()).not.toBe('')
    expect(hasStackTrace(stderr)).toBe(false)
  })
})
