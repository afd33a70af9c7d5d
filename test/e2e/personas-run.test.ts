/**
 * Personas from the shell: `personas list` (origin, --json) and `personas show`, the `persona` config key as the
 * default, --persona on run, and the persona tools in run only with --persona-tools.
 */
import {describe, expect, test} from '@jest/globals'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {useE2E} from '../support/e2e-context.js'
import {CLI} from '../support/run-cli.js'
import {chatRequestBodies} from '../support/run-output.js'

const e2e = useE2E()

type Body = {messages: Array<{role: string; content: string}>; tools?: Array<{function: {name: string}}>}
const PERSONA_TOOLS = ['list_personas', 'add_persona', 'switch_persona', 'update_persona']
const ALL_NAMES = 'adult, analytical, lilly, plain, sweet, tsundere, yandere'
const bundledBody = async (name: string) =>
  (await readFile(path.join(CLI, '..', '..', 'personas', `${name}.md`), 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, '').trim()

async function userPersona(name: string, text: string): Promise<void> {
  const dir = path.join(e2e.sandbox.home, '.config', 'lillycoder', 'personas')
  await mkdir(dir, {recursive: true})
  await writeFile(path.join(dir, `${name}.md`), text)
}

async function userConfig(yaml: string): Promise<void> {
  const dir = path.join(e2e.sandbox.home, '.config', 'lillycoder')
  await mkdir(dir, {recursive: true})
  await writeFile(path.join(dir, 'config.yaml'), yaml)
}

const runTask = (extra: string[] = []) => e2e.sandbox.run(['run', 'hello', '--api', e2e.server.url, '--model', 'qwen2.5-coder:7b', ...extra])

describe('personas list and show', () => {
  test('list --json gives every persona with its origin: bundled, user, or shadowed', async () => {
    await userPersona('plain', '---\nname: plain\nemoji: P\ndescription: my plain\n---\nMine.\n')
    await userPersona('reviewer', '---\nname: reviewer\nemoji: R\ndescription: reviews\n---\nReview.\n')
    const {code, stdout} = await e2e.sandbox.run(['personas', 'list', '--json'])
    expect(code).toBe(0)
    const listed = (JSON.parse(stdout) as Array<{name: string; origin: string; default: boolean}>).map(({name, origin}) => `${name}:${origin}`)
    expect(listed).toEqual(['adult:bundled', 'analytical:bundled', 'lilly:bundled', 'plain:shadowed', 'reviewer:user', 'sweet:bundled', 'tsundere:bundled', 'yandere:bundled'])
  })

  test('list in text: one line each with origin; the default marked', async () => {
    const {code, stdout} = await e2e.sandbox.run(['personas', 'list'])
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines).toHaveLength(7)
    expect(lines.find((line) => line.includes(' lilly '))).toMatch(/lilly\s+bundled\s+.*\(default\)$/)
  })

  test('the default marked is the one the config names', async () => {
    await userConfig('persona: tsundere\n')
    const {code, stdout} = await e2e.sandbox.run(['personas', 'list', '--json'])
    expect(code).toBe(0)
    expect((JSON.parse(stdout) as Array<{name: string; default: boolean}>).filter((persona) => persona.default).map((persona) => persona.name)).toEqual(['tsundere'])
  })

  test('show prints the origin, the file and the whole text; a shadowing user file wins', async () => {
    await userPersona('adult', '---\nname: adult\nemoji: A\ndescription: my adult\n---\nMy adult text.\n')
    const {code, stdout} = await e2e.sandbox.run(['personas', 'show', 'adult'])
    expect(code).toBe(0)
    expect(stdout).toBe(`A adult (shadowed) ${path.join(e2e.sandbox.home, '.config', 'lillycoder', 'personas', 'adult.md')}\nmy adult\n\nMy adult text.\n`)
  })

  test.each([
    ['an unknown name', ['personas', 'show', 'nobody'], `lillycoder: no persona named "nobody"; the personas are: ${ALL_NAMES}\n`],
    ['a name that is a path', ['personas', 'show', '../../etc/passwd'], `lillycoder: no persona named "../../etc/passwd"; the personas are: ${ALL_NAMES}\n`],
  ])('show with %s: one line, exit 2', async (_name, args, message) => {
    const {code, stdout, stderr} = await e2e.sandbox.run(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(message)
  })

  test('a user persona with broken front matter: listed as unreadable, and choosing it is one line naming the file and line', async () => {
    await userPersona('broken', '---\nname broken\n---\nText.\n')
    const list = await e2e.sandbox.run(['personas', 'list'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/broken\s+user\s+unreadable: .*broken\.md: line 2 of the front matter is not "key: value": name broken/)
    await e2e.serve([])
    const {code, stderr} = await runTask(['--persona', 'broken'])
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lillycoder: .*broken\.md: line 2 of the front matter is not "key: value": name broken$/)])
  })
})

describe('choosing the persona for run', () => {
  test('the persona key in the user config is the default', async () => {
    await userConfig('persona: sweet\n')
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    expect((await runTask()).code).toBe(0)
    expect(chatRequestBodies<Body>(e2e.server)[0].messages[0].content.startsWith(await bundledBody('sweet'))).toBe(true)
  })

  test('--persona wins over the config', async () => {
    await userConfig('persona: sweet\n')
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    expect((await runTask(['--persona', 'analytical'])).code).toBe(0)
    expect(chatRequestBodies<Body>(e2e.server)[0].messages[0].content.startsWith(await bundledBody('analytical'))).toBe(true)
  })

  test.each([
    ['--persona', [] as string[], ['--persona', 'nobody']],
    ['the config key', ['persona: nobody\n'], []],
  ])('an unknown name from %s: one line listing the personas, exit 2, nothing sent', async (_from, config, args) => {
    if (config.length > 0) await userConfig(config[0])
    await e2e.serve([{flavor: 'llamacpp', text: 'never'}])
    const {code, stderr} = await runTask(args)
    expect(code).toBe(2)
    expect(stderr).toBe(`lillycoder: no persona named "nobody"; the personas are: ${ALL_NAMES}\n`)
    expect(chatRequestBodies(e2e.server)).toEqual([])
  })
})

describe('the persona tools in run', () => {
  test('not offered by default', async () => {
    await e2e.serve([{flavor: 'llamacpp', text: 'ok'}])
    expect((await runTask()).code).toBe(0)
    const names = chatRequestBodies<Body>(e2e.server)[0].tools?.map((tool) => tool.function.name) ?? []
    expect(names).toContain('read_file')
    expect(names.filter((name) => PERSONA_TOOLS.includes(name))).toEqual([])
  })

  test('offered with --persona-tools; list_personas runs without asking and says which is active', async () => {
    await e2e.serve([{flavor: 'llamacpp', toolCalls: [{name: 'list_personas', arguments: {}}]}, {flavor: 'llamacpp', text: 'listed'}])
    const {code} = await runTask(['--persona-tools', '--persona', 'plain'])
    expect(code).toBe(0)
    const [first, second] = chatRequestBodies<Body>(e2e.server)
    expect(first.tools?.map((tool) => tool.function.name)).toEqual(expect.arrayContaining(PERSONA_TOOLS))
    const result = second.messages.find((message) => message.role === 'tool')?.content ?? ''
    expect(result).toContain('plain (bundled) [active]: A terse, neutral assistant.')
    expect(result).toContain('Evolve is off')
  })

  test('a mutating persona tool in run is refused like any write (nobody to approve): exit 4, nothing written', async () => {
    await e2e.serve([
      {flavor: 'llamacpp', toolCalls: [{name: 'add_persona', arguments: {name: 'pirate', prompt: 'Arr.'}}]},
      {flavor: 'llamacpp', text: 'could not'},
    ])
    const {code} = await runTask(['--persona-tools'])
    expect(code).toBe(4)
    await expect(readFile(path.join(e2e.sandbox.home, '.config', 'lillycoder', 'personas', 'pirate.md'), 'utf8')).rejects.toThrow('ENOENT')
  })
})
