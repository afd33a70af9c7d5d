import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {saveUserSetting, setJsonKey, setYamlKey} from '../../src/runtime/save-user-setting.js'

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

test('setJsonKey keeps the other keys', () => {
  expect(JSON.parse(setJsonKey('{"model":"q","api":"old"}', 'api', 'new'))).toEqual({model: 'q', api: 'new'})
  expect(() => setJsonKey('[1]', 'api', 'x')).toThrow(/not a JSON object/)
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
})
