import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {DEFAULT_PERSONA, listPersonaNames, loadPersona, readFrontMatter} from '../../../src/runtime/config/personas.js'

describe('readFrontMatter', () => {
  const cases: Array<[name: string, text: string, fields: Record<string, string>, body: string]> = [
    ['plain values', '---\nname: lilly\nemoji: 🦊\n---\nYou are Lilly.\n', {name: 'lilly', emoji: '🦊'}, 'You are Lilly.\n'],
    ['double quotes are taken off', '---\ndescription: "Terse: no persona"\n---\nbody', {description: 'Terse: no persona'}, 'body'],
    ["single quotes are taken off", "---\nname: 'plain'\n---\n", {name: 'plain'}, ''],
    ['no escapes inside quotes', '---\nname: "a\\nb"\n---\n', {name: 'a\\nb'}, ''],
    ['unmatched quotes stay', `---\nname: "half\ndescription: it's fine\n---\n`, {name: '"half', description: "it's fine"}, ''],
    ['a colon in the value', '---\ndescription: Playful: quick, careful.\n---\n', {description: 'Playful: quick, careful.'}, ''],
    ['spaces around key, colon and value', '---\nname  :   spaced out   \n---\n', {name: 'spaced out'}, ''],
    ['an empty value', '---\nemoji:\n---\n', {emoji: ''}, ''],
    ['blank and comment lines are skipped', '---\n\n# who\nname: x\n   # indented comment\n---\n', {name: 'x'}, ''],
    ['Windows line ends', '---\r\nname: x\r\nemoji: y\r\n---\r\nbody\r\n', {name: 'x', emoji: 'y'}, 'body\r\n'],
    ['an empty block', '---\n---\nbody', {}, 'body'],
    ['the last key wins', '---\nname: a\nname: b\n---\n', {name: 'b'}, ''],
    ['a --- later in the body is body', '---\nname: x\n---\ntext\n---\nmore\n', {name: 'x'}, 'text\n---\nmore\n'],
  ]
  test.each(cases)('%s', (_name, text, fields, body) => {
    const front = readFrontMatter(text, 'p.md')
    expect(front && {...front.fields}).toEqual(fields)
    expect(front?.body).toBe(body)
  })

  test.each([
    ['no front matter', 'You are a helper.\n---\nname: x\n---\n'],
    ['a block that never closes', '---\nname: x\nYou are a helper.\n'],
    ['a leading blank line', '\n---\nname: x\n---\n'],
  ])('%s → undefined', (_name, text) => {
    expect(readFrontMatter(text, 'p.md')).toBeUndefined()
  })

  test.each([
    ['a YAML list item', '---\nname: x\n- item\n---\n', 3, '- item'],
    ['a key with a space', '---\nfull name: x\n---\n', 2, 'full name: x'],
    ['no colon', '---\nname x\n---\n', 2, 'name x'],
  ])('%s is an error naming the file and line', (_name, text, line, shown) => {
    expect(() => readFrontMatter(text, 'personas/odd.md')).toThrow(`personas/odd.md: line ${line} of the front matter is not "key: value": ${shown}`)
  })
})

describe('the bundled personas', () => {
  test('each has a name matching its file, an emoji, a description and a prompt', async () => {
    const names = await listPersonaNames()
    expect(names).toContain(DEFAULT_PERSONA)
    for (const name of names) {
      const persona = await loadPersona(name)
      expect(persona.name).toBe(name)
      expect(persona.emoji).not.toBe('')
      expect(persona.emoji).not.toBe('🤖')
      expect(persona.description.length).toBeGreaterThan(10)
      expect(persona.prompt).not.toMatch(/^---/)
      expect(persona.prompt.length).toBeGreaterThan(100)
    }
  })
})

describe('loadPersona from a directory', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lilly-personas-'))
    await writeFile(path.join(dir, 'bare.md'), 'Just a prompt.\n')
    await writeFile(path.join(dir, 'named.md'), '---\nname: "Named One"\ndescription: short\n---\n\nThe prompt.\n')
  })
  afterAll(() => rm(dir, {recursive: true, force: true}))

  test('a file without front matter is all prompt, named after the file', async () => {
    expect(await loadPersona('bare', dir)).toEqual({name: 'bare', emoji: '🤖', description: '', prompt: 'Just a prompt.', file: path.join(dir, 'bare.md')})
  })

  test('fields left out fall back', async () => {
    expect(await loadPersona('named', dir)).toMatchObject({name: 'Named One', emoji: '🤖', description: 'short', prompt: 'The prompt.'})
  })

  test('an unknown name lists the personas there', async () => {
    await expect(loadPersona('nobody', dir)).rejects.toThrow('no persona named "nobody"; the personas are: bare, named')
  })
})
