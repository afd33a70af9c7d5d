import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {PersonaCatalog, personaDirs, personaNameProblem, withName} from '../../../src/runtime/config/persona-catalog.js'

let root: string
let catalog: PersonaCatalog
const bundled = () => path.join(root, 'bundled')
const user = () => path.join(root, 'user')

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lilly-catalog-'))
  await mkdir(bundled())
  await writeFile(path.join(bundled(), 'lilly.md'), '---\nname: lilly\nemoji: 🦊\ndescription: the fox\n---\nYou are Lilly.\n')
  await writeFile(path.join(bundled(), 'plain.md'), '---\nname: plain\nemoji: ▸\ndescription: terse\n---\nBe brief.\n')
  // The user dir does not exist yet: the catalog must work before anyone added a persona.
  catalog = new PersonaCatalog({bundled: bundled(), user: user()})
})
afterEach(() => rm(root, {recursive: true, force: true}))

async function addUser(name: string, text: string): Promise<void> {
  await mkdir(user(), {recursive: true})
  await writeFile(path.join(user(), `${name}.md`), text)
}

describe('listing and loading', () => {
  test('without a user dir: the bundled ones, bundled origin', async () => {
    expect((await catalog.list()).map(({name, origin}) => [name, origin])).toEqual([
      ['lilly', 'bundled'],
      ['plain', 'bundled'],
    ])
  })

  test('a user file shadows the bundled one of its name; a new name is a user persona', async () => {
    await addUser('plain', '---\nemoji: P\ndescription: my plain\n---\nMy own plain.\n')
    await addUser('reviewer', 'Review everything.\n')
    expect((await catalog.list()).map(({name, origin, description}) => [name, origin, description])).toEqual([
      ['lilly', 'bundled', 'the fox'],
      ['plain', 'shadowed', 'my plain'],
      ['reviewer', 'user', ''],
    ])
    expect(await catalog.load('plain')).toMatchObject({name: 'plain', origin: 'shadowed', prompt: 'My own plain.', file: path.join(user(), 'plain.md')})
    expect((await catalog.loadBundled('plain'))?.prompt).toBe('Be brief.')
  })

  test('the name is the file name, whatever the front matter says', async () => {
    await addUser('mine', '---\nname: Something Else\n---\nMine.\n')
    expect((await catalog.load('mine')).name).toBe('mine')
  })

  test('a file with bad front matter is listed with its problem, and loading it names the file and line', async () => {
    await addUser('broken', '---\nname: broken\n- a list item\n---\nBody.\n')
    const listed = (await catalog.list()).find((persona) => persona.name === 'broken')
    expect(listed?.problem).toContain('line 3 of the front matter is not "key: value"')
    await expect(catalog.load('broken')).rejects.toThrow(`${path.join(user(), 'broken.md')}: line 3 of the front matter`)
  })

  test.each(['nobody', '../lilly', 'Lilly', ''])('unknown or unusable name %j: one line listing every persona', async (name) => {
    await addUser('reviewer', 'Review.\n')
    await expect(catalog.load(name)).rejects.toThrow(`no persona named "${name}"; the personas are: lilly, plain, reviewer`)
  })

  test('files that are not usable persona names are not listed', async () => {
    await addUser('Has Space', 'x')
    await addUser('notes.txt', 'x')
    expect(await catalog.names()).toEqual(['lilly', 'plain'])
  })
})

describe('writing', () => {
  test('write creates the user dir and file; a second write of the name is refused unless overwrite', async () => {
    const file = await catalog.write('reviewer', '---\nname: reviewer\n---\nReview.')
    expect(await readFile(file, 'utf8')).toBe('---\nname: reviewer\n---\nReview.\n')
    await expect(catalog.write('reviewer', 'again')).rejects.toThrow('a user persona named "reviewer" exists already')
    await catalog.write('reviewer', 'again', {overwrite: true})
    expect((await catalog.load('reviewer')).prompt).toBe('again')
  })

  test('write refuses bad front matter before anything is written', async () => {
    await expect(catalog.write('odd', '---\nnot a field\n---\nx')).rejects.toThrow('line 2 of the front matter')
    expect(await catalog.names()).not.toContain('odd')
  })

  test.each(['../escape', 'a/b', 'UPPER', '-dash', 'x'.repeat(65)])('write refuses the name %j', async (name) => {
    await expect(catalog.write(name, 'text')).rejects.toThrow('is not a usable persona name')
  })

  test('copy of a bundled persona makes a user persona with the new name and the same text', async () => {
    await catalog.copy('lilly', 'fox')
    expect(await catalog.load('fox')).toMatchObject({name: 'fox', origin: 'user', emoji: '🦊', prompt: 'You are Lilly.'})
    expect(await readFile(path.join(user(), 'fox.md'), 'utf8')).toContain('name: fox\n')
    await expect(catalog.copy('nobody', 'x')).rejects.toThrow('no persona named "nobody"')
  })

  test('remove deletes a user persona; a shadowed name is bundled again; a bundled one cannot be removed', async () => {
    await addUser('plain', 'Mine.\n')
    await addUser('reviewer', 'Review.\n')
    expect(await catalog.remove('plain')).toBe('bundled-again')
    expect((await catalog.load('plain')).origin).toBe('bundled')
    expect(await catalog.remove('reviewer')).toBe('gone')
    await expect(catalog.remove('lilly')).rejects.toThrow('"lilly" is a bundled persona; only user personas can be removed')
    await expect(catalog.remove('nobody')).rejects.toThrow('no persona named "nobody"')
    expect(await readFile(path.join(bundled(), 'lilly.md'), 'utf8')).toContain('You are Lilly.')
  })
})

test.each([
  ['no front matter gets one', 'Body.\n', '---\nname: new\n---\nBody.\n'],
  ['an existing name is replaced, other fields kept', '---\nname: old\nemoji: E\n---\nBody.\n', '---\nname: new\nemoji: E\n---\nBody.\n'],
])('withName: %s', (_name, text, expected) => {
  expect(withName(text, 'new')).toBe(expected)
})

test.each([
  ['lilly', true],
  ['lilly-evolved', true],
  ['my_persona2', true],
  ['.hidden', false],
  ['a b', false],
])('personaNameProblem(%j): usable=%s', (name, usable) => {
  expect(personaNameProblem(name) === undefined).toBe(usable)
})

test('the user dir is under XDG_CONFIG_HOME', () => {
  expect(personaDirs({XDG_CONFIG_HOME: '/x/config', HOME: '/home/u'}).user).toBe('/x/config/lillycoder/personas')
})
