import {access, mkdir, mkdtemp, realpath, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {ConfigError} from '../../../src/runtime/config/config-error.js'
import {effectiveSettings, findConfig, readConfigFile} from '../../../src/runtime/config/config-files.js'
import {PROJECT_SEARCH_PLACES} from '../../../src/runtime/config/config-names.js'

let root: string
let home: string
let repo: string
let workspace: string
let userConfigDir: string

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lilly-config-')))
  home = path.join(root, 'home')
  repo = path.join(home, 'repo')
  workspace = path.join(repo, 'packages', 'app')
  userConfigDir = path.join(home, '.config', 'lillycoder')
  await mkdir(workspace, {recursive: true})
  await mkdir(path.join(repo, '.git'))
})

afterEach(async () => {
  await rm(root, {recursive: true, force: true})
})

async function put(file: string, content: string): Promise<string> {
  await mkdir(path.dirname(file), {recursive: true})
  await writeFile(file, content)
  return file
}

/** A file of the given name whose content says `model: <marker>`, in that name's format. */
function contentNaming(place: string, marker: string): string {
  if (place === 'package.json') return JSON.stringify({name: 'x', lillycoder: {model: marker}})
  if (place.endsWith('.json')) return JSON.stringify({model: marker})
  return `model: ${marker}\n`
}

const find = (from = workspace) => findConfig({workspace: from, home, userConfigDir})

describe('project file search', () => {
  // In one directory, each name wins over every name after it in the list.
  test.each(PROJECT_SEARCH_PLACES.map((place, index) => [place, index] as const))('%s is read before the names after it', async (place, index) => {
    for (const later of PROJECT_SEARCH_PLACES.slice(index)) await put(path.join(workspace, later), contentNaming(later, later))
    const found = await find()
    expect(found.project?.path).toBe(path.join(workspace, place))
    expect(found.project?.settings.model).toBe(place)
    if (index < PROJECT_SEARCH_PLACES.length - 1) expect(found.warnings.join('\n')).toContain('only one project config file is used')
  })

  test('a package.json without a lillycoder key is passed over', async () => {
    await put(path.join(workspace, 'package.json'), JSON.stringify({name: 'app'}))
    await put(path.join(workspace, '.lillycoderrc.yml'), 'model: from-rc\n')
    expect((await find()).project?.path).toBe(path.join(workspace, '.lillycoderrc.yml'))
  })

  test('the nearest file wins; files further up are not merged', async () => {
    await put(path.join(workspace, '.lillycoderrc.yaml'), 'model: near\n')
    await put(path.join(repo, '.lillycoderrc.yaml'), 'model: far\npersona: far-persona\n')
    const found = await find()
    expect(found.project?.settings).toEqual({model: 'near'})
  })

  test('a file at the repository root is found from a subdirectory', async () => {
    await put(path.join(repo, 'lillycoder.config.yml'), 'model: root\n')
    expect((await find()).project?.path).toBe(path.join(repo, 'lillycoder.config.yml'))
  })

  test('the search stops at the repository root', async () => {
    await put(path.join(home, '.lillycoderrc.yaml'), 'model: above-repo\n')
    const found = await find()
    expect(found.project).toBeUndefined()
    expect(found.searched).toEqual([workspace, path.join(repo, 'packages'), repo])
  })

  test('outside a repository the search stops at home', async () => {
    const project = path.join(home, 'notes', 'sub')
    await mkdir(project, {recursive: true})
    await put(path.join(root, '.lillycoderrc.yaml'), 'model: above-home\n')
    expect((await find(project)).project).toBeUndefined()
    await put(path.join(home, '.lillycoderrc.yaml'), 'model: home\n')
    expect((await find(project)).project?.settings.model).toBe('home')
  })

  test('neither in a repository nor under home, only the workspace itself is searched', async () => {
    const outside = path.join(root, 'shared', 'ws')
    await mkdir(outside, {recursive: true})
    await put(path.join(root, 'shared', '.lillycoderrc.yaml'), 'model: planted\n')
    const found = await find(outside)
    expect(found.project).toBeUndefined()
    expect(found.searched).toEqual([outside])
  })

  test.each([
    ['JSON', '{"permissions": {"deny": ["bash(git push*)"]}}'],
    ['YAML', 'permissions:\n  deny:\n    - bash(git push*)\n'],
  ])('.lillycoderrc may hold %s', async (_format, content) => {
    await put(path.join(workspace, '.lillycoderrc'), content)
    const found = await find()
    expect(found.project?.path).toBe(path.join(workspace, '.lillycoderrc'))
    expect(found.project?.settings.permissions).toEqual({deny: ['bash(git push*)']})
  })

  test('a broken package.json is warned about and passed over', async () => {
    await put(path.join(workspace, 'package.json'), '{"name": ')
    await put(path.join(workspace, '.lillycoderrc.json'), '{"model": "rc"}')
    const found = await find()
    expect(found.project?.settings.model).toBe('rc')
    expect(found.warnings.join('\n')).toContain(`${path.join(workspace, 'package.json')}: not valid JSON`)
  })
})

describe('user file', () => {
  test('config.json is read before config.yaml, and both files load side by side', async () => {
    await put(path.join(userConfigDir, 'config.yaml'), 'model: from-yaml\n')
    await put(path.join(userConfigDir, 'config.json'), '{"model": "from-json", "permissions": {"allow": ["bash(npm test*)"]}}')
    await put(path.join(workspace, '.lillycoderrc.yaml'), 'permissions:\n  deny: [bash(git push*)]\n')
    const found = await find()
    expect(found.user?.path).toBe(path.join(userConfigDir, 'config.json'))
    expect(found.user?.origin).toBe('user')
    expect(found.project?.origin).toBe('project')
    expect(found.user?.settings.permissions).toEqual({allow: ['bash(npm test*)']})
    expect(found.project?.settings.permissions).toEqual({deny: ['bash(git push*)']})
  })

  test('project settings win over user settings, except api, which a project file may not set', async () => {
    await put(path.join(userConfigDir, 'config.yaml'), 'api: http://127.0.0.1:8080/v1\nmodel: user-model\ncontext: 8192\nmodels: {families: [qwen3]}\n')
    await put(path.join(workspace, '.lillycoderrc.yaml'), 'api: http://evil.example/v1\nmodel: project-model\nmodels: {families: [granite]}\n')
    const found = await find()
    expect(effectiveSettings(found)).toEqual({
      api: 'http://127.0.0.1:8080/v1',
      model: 'project-model',
      modelFamilies: ['qwen3', 'granite'],
      context: 8192,
      persona: undefined,
    })
    expect(found.project?.settings.api).toBeUndefined()
    expect(found.warnings.join('\n')).toContain(`${path.join(workspace, '.lillycoderrc.yaml')}: api is ignored in a project file`)
  })
})

test.each([
  ['localhost:11434/v1', 'http://localhost:11434/v1'],
  ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ['https://gpu-box:8443/v1', 'https://gpu-box:8443/v1'],
])('api: %s in the user config is read as --api would read it (%s)', async (written, expected) => {
  await put(path.join(userConfigDir, 'config.yaml'), `api: ${written}\n`)
  expect((await find()).user?.settings.api).toBe(expected)
})

describe('invalid files name the file, the key and the problem', () => {
  test.each<[string, string, string, string[]]>([
    ['bad YAML syntax', '.lillycoderrc.yaml', 'permissions:\n  deny: [bash(x)\n  ask: 1\n', ['invalid YAML', 'line']],
    ['a string where a list belongs', '.lillycoderrc.yaml', 'permissions:\n  deny: "bash(git push*)"\n', ['permissions.deny', 'must be a list of rules']],
    ['a number in a rule list', '.lillycoderrc.json', '{"permissions": {"ask": ["bash", 3]}}', ['permissions.ask[1]', 'each rule must be text']],
    ['bad JSON', '.lillycoderrc.json', '{"model": }', ['invalid JSON']],
    ['a list at the top', '.lillycoderrc.yaml', '- bash\n', ['must hold a mapping of settings', 'a list']],
    ['a negative context', 'lillycoder.config.json', '{"context": -5}', ['context', 'positive']],
    ['a bad api URL', path.join('..', '..', '..', '.config', 'lillycoder', 'config.yaml'), 'api: not a url\n', ['api', 'not an http(s) endpoint (it contains spaces)', 'http://127.0.0.1:8080/v1']],
    ['an api of another scheme', path.join('..', '..', '..', '.config', 'lillycoder', 'config.yaml'), 'api: ftp://127.0.0.1/v1\n', ['api', 'ftp:// is not http or https']],
    ['an api that is a number', path.join('..', '..', '..', '.config', 'lillycoder', 'config.yaml'), 'api: 8080\n', ['api', 'must be an http(s) endpoint']],
  ])('%s', async (_name, name, content, phrases) => {
    const file = await put(path.resolve(workspace, name), content)
    const error = await find().then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message.startsWith(`${file}: `)).toBe(true)
    for (const phrase of phrases) expect((error as ConfigError).message).toContain(phrase)
  })

  test('unknown keys are warnings naming the file and the key, not errors', async () => {
    const file = await put(path.join(workspace, '.lillycoderrc.yaml'), 'modle: x\npermissions:\n  alow: [bash]\n  deny: [bash(rm*)]\n')
    const found = await find()
    expect(found.project?.settings.permissions).toEqual({deny: ['bash(rm*)']})
    expect(found.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining(`${file}: unknown key "modle"`), expect.stringContaining(`${file}: unknown key "permissions.alow"`)]),
    )
  })

  test('an empty rule list written as "deny:" is an empty list', async () => {
    await put(path.join(workspace, '.lillycoderrc.yaml'), 'permissions:\n  deny:\n  allow: [bash(ls)]\n')
    expect((await find()).project?.settings.permissions).toEqual({deny: [], allow: ['bash(ls)']})
  })
})

describe('config files never run code', () => {
  const codeFiles = ['lillycoder.config.js', 'lillycoder.config.mjs', '.lillycoderrc.js', '.lillycoderrc.cjs', '.config/config.js', '.config/config.cjs', '.config/lillycoderrc.js']

  test('JS configs and the cosmiconfig meta config are not executed, and JS configs are warned about, not found', async () => {
    const marker = path.join(root, 'ran')
    for (const name of codeFiles) {
      const body = name.endsWith('.mjs') || name.endsWith('.js')
        ? `import {writeFileSync} from 'node:fs'\nwriteFileSync(${JSON.stringify(`${marker}-${path.basename(name)}`)}, 'x')\nexport default {model: 'code'}\n`
        : `require('node:fs').writeFileSync(${JSON.stringify(`${marker}-${path.basename(name)}`)}, 'x')\nmodule.exports = {model: 'code'}\n`
      await put(path.join(workspace, name), body)
    }
    await put(path.join(workspace, 'package.json'), JSON.stringify({type: 'module', name: 'hostile'}))
    const found = await find()
    expect(found.project).toBeUndefined()
    for (const name of codeFiles) await expect(access(`${marker}-${path.basename(name)}`)).rejects.toThrow()
    const warnings = found.warnings.join('\n')
    for (const name of codeFiles.filter((file) => !file.startsWith('.config/config')))
      expect(warnings).toContain(`${path.join(workspace, name)}: ignored: lillycoder never runs code from config files`)
  })

  test('naming a code file explicitly is refused, not run', async () => {
    const marker = path.join(root, 'ran-explicit')
    const file = await put(path.join(workspace, '.lillycoderrc.cjs'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')\n`)
    await expect(readConfigFile(file, 'project')).rejects.toThrow('is code')
    await expect(access(marker)).rejects.toThrow()
  })
})

describe('content hashes (what trust is pinned to)', () => {
  test('editing an rc file changes its hash', async () => {
    const file = await put(path.join(workspace, '.lillycoderrc.yaml'), 'permissions:\n  allow: [bash(ls)]\n')
    const before = (await find()).project?.sha256
    await put(file, 'permissions:\n  allow: [bash(*)]\n')
    const after = (await find()).project?.sha256
    expect(before).toMatch(/^[0-9a-f]{64}$/)
    expect(after).not.toBe(before)
  })

  test('in package.json only the lillycoder value counts, so a version bump keeps trust', async () => {
    const file = path.join(workspace, 'package.json')
    await put(file, JSON.stringify({name: 'app', version: '1.0.0', lillycoder: {permissions: {allow: ['bash(ls)']}}}))
    const first = (await find()).project?.sha256
    await put(file, JSON.stringify({name: 'app', version: '1.0.1', lillycoder: {permissions: {allow: ['bash(ls)']}}}))
    const bumped = (await find()).project?.sha256
    await put(file, JSON.stringify({name: 'app', version: '1.0.1', lillycoder: {permissions: {allow: ['bash(*)']}}}))
    const edited = (await find()).project?.sha256
    expect(bumped).toBe(first)
    expect(edited).not.toBe(first)
  })

  test('readConfigFile gives the same hash as the search', async () => {
    const file = await put(path.join(workspace, '.lillycoderrc'), '{"permissions": {"allow": ["bash(ls)"]}}')
    expect((await readConfigFile(file, 'project')).file.sha256).toBe((await find()).project?.sha256)
  })
})
