import {chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import installPackage from '../../src/plugins/builtin-tools/install-package.js'
import {createToolContext} from '../../src/runtime/agent/tool-context.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'

let root: string
let workspace: string
let bin: string
const savedPath = process.env.PATH

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lilly-install-'))
  workspace = path.join(root, 'project')
  bin = path.join(root, 'bin')
  await mkdir(workspace)
  await mkdir(bin)
  process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`
})

afterEach(async () => {
  process.env.PATH = savedPath
  await rm(root, {recursive: true, force: true})
})

/** A stand-in for a package manager: records its argv (NUL-separated) and exits with `exitCode`. */
async function fakeProgram(name: string, exitCode = 0): Promise<string> {
  const argvFile = path.join(root, `${name}.argv`)
  const script = `#!/bin/sh\nprintf '%s\\0' "$@" > '${argvFile}'\necho "fake ${name} ran"\necho "fake ${name} warning" >&2\nexit ${exitCode}\n`
  await writeFile(path.join(bin, name), script)
  await chmod(path.join(bin, name), 0o755)
  return argvFile
}

const recordedArgv = async (argvFile: string) => (await readFile(argvFile, 'utf8')).split('\0').slice(0, -1)

const context = () => createToolContext(workspace, new AbortController().signal)
const parse = (input: Record<string, unknown>) => installPackage.parameters.parse(input)

describe('install_package tool', () => {
  test('declares one package target per name', () => {
    const args = parse({packages: ['jest', 'ts-jest'], manager: 'npm'})
    expect(installPackage.mutates).toBe(true)
    expect(installPackage.targets(args)).toEqual([
      {kind: 'package', name: 'jest', manager: 'npm'},
      {kind: 'package', name: 'ts-jest', manager: 'npm'},
    ])
  })

  test.each([[{packages: []}], [{packages: ['x'], manager: 'brew'}], [{packages: 'lodash'}]])('rejects arguments %j', (input) => {
    expect(installPackage.parameters.safeParse(input).success).toBe(false)
  })

  test('previews the command for the detected manager', async () => {
    await writeFile(path.join(workspace, 'package.json'), '{}')
    const preview = await installPackage.preview?.(parse({packages: ['jest', 'ts-jest'], dev: true}), context())
    expect(preview?.summary).toBe('npm install --save-dev jest ts-jest')
  })

  test('runs npm with exactly the argv built, no shell in between', async () => {
    await writeFile(path.join(workspace, 'package.json'), '{}')
    const argvFile = await fakeProgram('npm')
    const result = await installPackage.run(parse({packages: ['left-pad', '@types/node@20'], dev: true}), context())

    expect(await recordedArgv(argvFile)).toEqual(['install', '--save-dev', '--', 'left-pad', '@types/node@20'])
    expect(result.text).toContain('Exit code 0.')
    expect(result.text).toContain('fake npm ran')
    expect(result.text).toContain('fake npm warning')
  })

  test('a version specifier with > reaches pip intact instead of becoming a redirect', async () => {
    const argvFile = await fakeProgram('python3')
    await installPackage.run(parse({packages: ['numpy>=1.26'], manager: 'pip'}), context())

    expect(await recordedArgv(argvFile)).toEqual(['-m', 'pip', 'install', '--', 'numpy>=1.26'])
    expect(await readdir(workspace)).toEqual([])
  })

  test('a failing install is a result with the exit code, not an error', async () => {
    await fakeProgram('cargo', 101)
    const result = await installPackage.run(parse({packages: ['serde@1'], manager: 'cargo'}), context())
    expect(result.text).toContain('Exit code 101.')
    expect(result.data).toMatchObject({exitCode: 101, argv: ['cargo', 'add', '--', 'serde@1']})
  })

  test.each([['--registry=http://evil'], ['-e .'], ['foo; rm -rf ~'], ['../local']])(
    'refuses %j before running anything',
    async (name) => {
      await writeFile(path.join(workspace, 'package.json'), '{}')
      const argvFile = await fakeProgram('npm')
      const running = installPackage.run(parse({packages: ['lodash', name]}), context())
      await expect(running).rejects.toThrow(ToolError)
      await expect(running).rejects.toThrow(name)
      await expect(stat(argvFile)).rejects.toThrow(/ENOENT/u)
    },
  )

  test('asks for a manager when the project does not show one', async () => {
    const running = installPackage.run(parse({packages: ['lodash']}), context())
    await expect(running).rejects.toThrow(ToolError)
    await expect(running).rejects.toThrow(/pass manager/u)
  })

  test('a manager that is not installed is a ToolError naming it', async () => {
    // PATH without the real managers: only our empty bin directory.
    process.env.PATH = bin
    const running = installPackage.run(parse({packages: ['httpx'], manager: 'uv'}), context())
    await expect(running).rejects.toThrow(ToolError)
    await expect(running).rejects.toThrow(/Could not start uv/u)
  })
})
