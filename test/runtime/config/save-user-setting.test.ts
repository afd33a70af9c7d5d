import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {ConfigError} from '../../../src/runtime/config/config-error.js'
import {saveUserSetting, setJsonKey, setYamlKey} from '../../../src/runtime/config/save-user-setting.js'

describe('setYamlKey', () => {
  test.each([
    ['', 'api: "http://127.0.0.1:8080/v1"\n'],
    ['# my settings\nmodel: qwen\n', '# my settings\nmodel: qwen\napi: "http://127.0.0.1:8080/v1"\n'],
    ['api: http://old/v1   # old one\nmodel: qwen', 'api: "http://127.0.0.1:8080/v1"\nmodel: qwen'],
    ['model: qwen', 'model: qwen\napi: "http://127.0.0.1:8080/v1"\n'],
    ['permissions:\n  api: not-top-level\n', 'permissions:\n  api: not-top-level\napi: "http://127.0.0.1:8080/v1"\n'],
  ])('%j', (before, after) => {
    expect(setYamlKey(before, 'api', 'http://127.0.0.1:8080/v1')).toBe(after)
  })
})

test.each([
  ['$&', 'api: http://old/v1\n'],
  ['$1$2', 'api: http://old/v1\n'],
  ['$$', 'model: m\napi: old\n'],
  ["$'$`", 'api: old\nmodel: m\n'],
])('setYamlKey writes a value with %j as it is', (value, before) => {
  const after = setYamlKey(before, 'api', `http://127.0.0.1:8080/v1?q=${value}`)
  expect(after).toContain(`api: ${JSON.stringify(`http://127.0.0.1:8080/v1?q=${value}`)}\n`)
  expect(after.split('\n').filter((line) => line.startsWith('api:'))).toHaveLength(1)
})

describe('setJsonKey', () => {
  const file = '/home/me/.config/lillycoder/config.json'

  test('keeps the other keys', () => {
    expect(JSON.parse(setJsonKey('{"model":"q","api":"old"}', 'api', 'new', file))).toEqual({model: 'q', api: 'new'})
    expect(JSON.parse(setJsonKey('\uFEFF{"model":"q"}', 'api', 'new', file))).toEqual({model: 'q', api: 'new'})
    expect(JSON.parse(setJsonKey('  \n', 'api', 'new', file))).toEqual({api: 'new'})
  })

  test.each([
    ['broken JSON', '{"model": "q",', /^\/home\/me\/\.config\/lillycoder\/config\.json: is not valid JSON \(.+\); fix it/],
    ['a list', '[1]', /config\.json: must hold a JSON object of settings/],
    ['a string', '"api"', /config\.json: must hold a JSON object of settings/],
    ['null', 'null', /config\.json: must hold a JSON object of settings/],
  ])('%s is a ConfigError naming the file', (_name, text, message) => {
    let thrown: unknown
    try {
      setJsonKey(text, 'api', 'x', file)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect((thrown as ConfigError).file).toBe(file)
    expect((thrown as ConfigError).message).toMatch(message)
  })
})

describe('saveUserSetting', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lilly-save-'))
  })
  afterEach(() => rm(dir, {recursive: true, force: true}))

  test('creates config.yaml when there is no user config', async () => {
    const file = await saveUserSetting(path.join(dir, 'lillycoder'), 'api', 'http://127.0.0.1:1234/v1')
    expect(file).toBe(path.join(dir, 'lillycoder', 'config.yaml'))
    expect(await readFile(file, 'utf8')).toBe('api: "http://127.0.0.1:1234/v1"\n')
  })

  test('edits the existing JSON file rather than adding a second file', async () => {
    await writeFile(path.join(dir, 'config.json'), '{"model": "m"}')
    const file = await saveUserSetting(dir, 'api', 'http://127.0.0.1:1234/v1')
    expect(file).toBe(path.join(dir, 'config.json'))
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({model: 'm', api: 'http://127.0.0.1:1234/v1'})
  })

  test('a broken config.json is a ConfigError naming it, and is left as it was', async () => {
    const file = path.join(dir, 'config.json')
    await writeFile(file, '{"model": "m",,}')
    await expect(saveUserSetting(dir, 'api', 'http://127.0.0.1:1234/v1')).rejects.toThrow(
      expect.objectContaining({name: 'ConfigError', file, message: expect.stringContaining(`${file}: is not valid JSON`)}),
    )
    expect(await readFile(file, 'utf8')).toBe('{"model": "m",,}')
  })

  test('a config.json that is a directory is a ConfigError naming it', async () => {
    await mkdir(path.join(dir, 'config.json'))
    await expect(saveUserSetting(dir, 'api', 'x')).rejects.toThrow(expect.objectContaining({name: 'ConfigError', file: path.join(dir, 'config.json')}))
  })

  test('a config dir that is a file is a ConfigError naming the config file', async () => {
    const notADir = path.join(dir, 'lillycoder')
    await writeFile(notADir, 'a file')
    await expect(saveUserSetting(notADir, 'api', 'x')).rejects.toThrow(
      expect.objectContaining({name: 'ConfigError', file: path.join(notADir, 'config.json'), message: expect.stringContaining('cannot be read')}),
    )
  })
})
