import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {PersonaSwitcher, personaFileText} from '../../../src/runtime/agent/persona-switcher.js'
import {PersonaCatalog} from '../../../src/runtime/config/persona-catalog.js'

let root: string
let catalog: PersonaCatalog
let prompts: string[]
let remembered: string[]

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lilly-switcher-'))
  await mkdir(path.join(root, 'bundled'))
  await writeFile(path.join(root, 'bundled', 'lilly.md'), '---\nname: lilly\nemoji: 🦊\ndescription: the fox\n---\nYou are Lilly.\n')
  await writeFile(path.join(root, 'bundled', 'plain.md'), '---\nname: plain\nemoji: ▸\ndescription: terse\n---\nBe brief.\n')
  catalog = new PersonaCatalog({bundled: path.join(root, 'bundled'), user: path.join(root, 'user')})
  prompts = []
  remembered = []
})
afterEach(() => rm(root, {recursive: true, force: true}))

async function switcher(evolve = false, active = 'lilly'): Promise<PersonaSwitcher> {
  return new PersonaSwitcher({
    catalog,
    active: await catalog.load(active),
    session: {replaceSystemPrompt: (prompt) => prompts.push(prompt)},
    systemPromptFor: (persona) => `[${persona.name}] ${persona.prompt}`,
    remember: async (name) => {
      remembered.push(name)
      return '/config.yaml'
    },
    evolve,
  })
}

describe('switching', () => {
  test('replaces the system prompt and remembers the name', async () => {
    const personas = await switcher()
    const result = await personas.switchTo('plain')
    expect(result.rememberedIn).toBe('/config.yaml')
    expect(prompts).toEqual(['[plain] Be brief.'])
    expect(remembered).toEqual(['plain'])
    expect(personas.active().name).toBe('plain')
  })

  test('an unknown name changes nothing', async () => {
    const personas = await switcher()
    await expect(personas.switchTo('nobody')).rejects.toThrow('no persona named "nobody"')
    expect(prompts).toEqual([])
    expect(personas.active().name).toBe('lilly')
  })

  test('a config that cannot be written: switched all the same, the problem returned', async () => {
    const personas = new PersonaSwitcher({
      catalog,
      active: await catalog.load('lilly'),
      session: {replaceSystemPrompt: (prompt) => prompts.push(prompt)},
      systemPromptFor: (persona) => persona.prompt,
      remember: async () => {
        throw new Error('config.yaml: cannot be written (EACCES)')
      },
    })
    expect(await personas.switchTo('plain')).toMatchObject({rememberProblem: 'config.yaml: cannot be written (EACCES)'})
    expect(prompts).toEqual(['Be brief.'])
  })
})

describe('update with evolve off', () => {
  test('lasts for the session: applied at once, kept when switching away and back, nothing written', async () => {
    const personas = await switcher(false)
    expect(await personas.update('  You are Lilly, in haiku.  ')).toEqual({name: 'lilly'})
    expect(personas.changedThisSession()).toBe(true)
    await personas.switchTo('plain')
    await personas.switchTo('lilly')
    expect(prompts).toEqual(['[lilly] You are Lilly, in haiku.', '[plain] Be brief.', '[lilly] You are Lilly, in haiku.'])
    await expect(readdir(path.join(root, 'user'))).rejects.toThrow('ENOENT')
  })
})

describe('update with evolve on', () => {
  test('a bundled persona becomes <name>-evolved in the user folder, active and remembered; the bundled file is untouched', async () => {
    const personas = await switcher(true)
    const update = await personas.update('You are Lilly, tests first.')
    expect(update).toEqual({name: 'lilly-evolved', file: path.join(root, 'user', 'lilly-evolved.md')})
    expect(await readFile(update.file!, 'utf8')).toBe('---\nname: lilly-evolved\nemoji: 🦊\ndescription: the fox\n---\nYou are Lilly, tests first.\n')
    expect(personas.active()).toMatchObject({name: 'lilly-evolved', origin: 'user'})
    expect(remembered).toEqual(['lilly-evolved'])
    expect(await readFile(path.join(root, 'bundled', 'lilly.md'), 'utf8')).toContain('You are Lilly.\n')
    // Evolving again rewrites the same user file.
    await personas.update('You are Lilly, tests first, short answers.')
    expect((await readdir(path.join(root, 'user'))).sort()).toEqual(['lilly-evolved.md'])
    expect(prompts.at(-1)).toBe('[lilly-evolved] You are Lilly, tests first, short answers.')
  })

  test('a user file shadowing a bundled one is rewritten in place', async () => {
    await catalog.write('plain', '---\nname: plain\nemoji: P\ndescription: mine\n---\nMine.\n')
    const personas = await switcher(true, 'plain')
    expect(await personas.update('Mine, evolved.')).toMatchObject({name: 'plain', file: path.join(root, 'user', 'plain.md')})
    expect((await catalog.load('plain')).prompt).toBe('Mine, evolved.')
  })
})

test.each([
  ['plain text gets the front matter of the persona', 'New text.', '---\nname: x\nemoji: E\ndescription: d\n---\nNew text.\n'],
  ['text with its own front matter keeps it, renamed', '---\nname: other\nemoji: O\n---\nOwn.\n', '---\nname: x\nemoji: O\n---\nOwn.\n'],
])('personaFileText: %s', (_name, prompt, expected) => {
  expect(personaFileText({emoji: 'E', description: 'd'}, 'x', prompt)).toBe(expected)
})
