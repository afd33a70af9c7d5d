import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {JsonlSessionRecorder} from '../../../src/runtime/sessions/jsonl-session-recorder.js'
import {parseSession, readSession} from '../../../src/runtime/sessions/session-reader.js'
import {sessionFile} from '../../../src/runtime/sessions/session-store.js'

const header = {type: 'session', version: 1, id: 's1', workspace: '/w', endpoint: 'http://127.0.0.1:1/v1', model: 'small', persona: 'lilly', created: '2026-12-07T21:00:00.000Z'}
const line = (value: unknown) => `${JSON.stringify(value)}\n`
const user = (content: string) => line({type: 'message', message: {role: 'user', content}})
const assistant = (content: string) => line({type: 'message', message: {role: 'assistant', content}})
const noWarn = (message: string) => {
  throw new Error(`unexpected warning: ${message}`)
}

describe('model and persona lines in the reader', () => {
  const cases: Array<[name: string, lines: string, model: string, persona: string]> = [
    ['an old file with neither line: the header says', user('a') + assistant('b'), 'small', 'lilly'],
    ['one persona switch', user('a') + line({type: 'persona', name: 'adult'}) + assistant('b'), 'small', 'adult'],
    ['two persona switches: the last wins', line({type: 'persona', name: 'adult'}) + user('a') + line({type: 'persona', name: 'plain'}), 'small', 'plain'],
    ['a model switch', user('a') + line({type: 'model', model: 'big'}) + assistant('b'), 'big', 'lilly'],
    ['both, interleaved', line({type: 'model', model: 'big'}) + line({type: 'persona', name: 'sweet'}) + line({type: 'model', model: 'tiny'}), 'tiny', 'sweet'],
  ]
  test.each(cases)('%s', (_name, lines, model, persona) => {
    const loaded = parseSession(line(header) + lines, 'f.jsonl')
    expect(loaded.model).toBe(model)
    expect(loaded.persona).toBe(persona)
    expect(loaded.header.model).toBe('small') // the header itself is what was written first
  })

  test('a persona line leaves the messages as they were: each earlier message once', () => {
    const text = line(header) + user('one') + assistant('two') + line({type: 'persona', name: 'adult'}) + user('three') + line({type: 'persona', name: 'plain'})
    expect(parseSession(text, 'f.jsonl').messages.map((m) => m.content)).toEqual(['one', 'two', 'three'])
  })

  test.each([
    ['a persona line without a name', line({type: 'persona'})],
    ['a persona line with an empty name', line({type: 'persona', name: ''})],
    ['a model line without a model', line({type: 'model', name: 'big'})],
  ])('%s is corrupt, named by its line', (_name, bad) => {
    expect(() => parseSession(line(header) + user('a') + bad, 'f.jsonl')).toThrow(/corrupt at line 3/)
  })
})

describe('JsonlSessionRecorder switch lines', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lilly-switch-lines-'))
  })
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true})
  })
  const recorderHeader = {id: 'r1', workspace: '/w', endpoint: 'http://127.0.0.1:1/v1', model: 'small', persona: 'lilly', created: '2026-12-07T21:00:00.000Z'}

  test('a switch after the first message appends one small line, never the conversation', async () => {
    const file = sessionFile(dir, 'r1')
    const recorder = new JsonlSessionRecorder({file, header: recorderHeader, warn: noWarn})
    recorder.appended({role: 'user', content: 'x'.repeat(5000)})
    const before = await readFile(file, 'utf8')
    recorder.personaChanged('adult')
    recorder.modelChanged('big')
    recorder.close()
    const added = (await readFile(file, 'utf8')).slice(before.length)
    expect(added.split('\n').filter(Boolean).map((text) => JSON.parse(text) as unknown)).toEqual([
      {type: 'persona', name: 'adult'},
      {type: 'model', model: 'big'},
    ])
    const loaded = await readSession(file)
    expect([loaded.model, loaded.persona, loaded.messages.length]).toEqual(['big', 'adult', 1])
  })

  test('a switch before anything was said creates no file and goes into the header', async () => {
    const file = sessionFile(dir, 'r1')
    const recorder = new JsonlSessionRecorder({file, header: recorderHeader, warn: noWarn})
    recorder.personaChanged('plain')
    recorder.modelChanged('big')
    await expect(readFile(file)).rejects.toThrow(/ENOENT/)
    recorder.appended({role: 'user', content: 'hi'})
    recorder.close()
    const text = await readFile(file, 'utf8')
    expect(text.split('\n').filter(Boolean)).toHaveLength(2)
    expect((await readSession(file)).header).toMatchObject({model: 'big', persona: 'plain'})
  })

  test('continuing a saved file, a switch is a line after the old ones', async () => {
    const file = sessionFile(dir, 'r1')
    const saved = line({...header, id: 'r1'}) + user('a')
    await writeFile(file, saved)
    const recorder = new JsonlSessionRecorder({file, header: recorderHeader, appendAfter: Buffer.byteLength(saved), warn: noWarn})
    recorder.modelChanged('big')
    recorder.close()
    expect(await readFile(file, 'utf8')).toBe(saved + line({type: 'model', model: 'big'}))
  })
})
