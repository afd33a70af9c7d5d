import {describe, expect, test} from '@jest/globals'

import {builtinTools} from '../../../src/plugins/builtin-tools/index.js'
import {DEFAULT_PERSONA, listPersonaNames, loadPersona, type Persona} from '../../../src/runtime/config/personas.js'
import {buildSystemPrompt} from '../../../src/runtime/agent/system-prompt.js'
import {toToolSchema} from '../../../src/runtime/tools/tool-schema.js'

const WORKSPACE = '/home/user/projects/my-app'
/** Issue 9: the first request (builtin tools + system prompt) must fit a small model's context comfortably. */
const FIRST_REQUEST_BUDGET_TOKENS = 1500

const persona: Persona = {name: 'p', emoji: '🧪', description: 'test', prompt: 'You are P. Talk like P.', file: 'p.md'}

describe('buildSystemPrompt', () => {
  test('the persona speaks first, then the workspace and the rules follow', () => {
    const prompt = buildSystemPrompt(persona, WORKSPACE)
    expect(prompt.startsWith('You are P. Talk like P.\n\n')).toBe(true)
    expect(prompt).toContain(`Workspace: ${WORKSPACE}\n`)
    expect(prompt.indexOf('Workspace:')).toBeLessThan(prompt.indexOf('Rules:'))
  })

  // The rules a persona must not have to repeat: every persona, bundled or not, gets them from the runtime.
  test.each([
    ['paths are relative to the workspace', /relative to it/],
    ['changes stay inside the workspace', /change files only inside it/],
    ['read before editing', /Read a file before you edit it/],
    ['a refused or declined call is not repeated', /refused or declined, don't repeat it/],
    ['the task ends with a plain answer', /answer in plain text without calling a tool/],
  ])('says once that %s', (_rule, pattern) => {
    const prompt = buildSystemPrompt(persona, WORKSPACE)
    expect(prompt.match(new RegExp(pattern.source, 'g'))).toHaveLength(1)
  })
})

describe('the bundled personas with the runtime rules', () => {
  test.each(['Read a file before', 'smallest change', "don't repeat it", 'plain text without calling a tool'])(
    'no persona repeats the rule %j',
    async (rule) => {
      for (const name of await listPersonaNames()) {
        expect((await loadPersona(name)).prompt.toLowerCase()).not.toContain(rule.toLowerCase())
      }
    },
  )

  test('the default persona keeps its character: Lilly, a kid who codes, with the fox for a sign', async () => {
    const lilly = await loadPersona(DEFAULT_PERSONA)
    expect(lilly.prompt).toMatch(/You are Lilly, a kid who codes/)
    expect(lilly.prompt).toContain('🦊')
  })
})

describe('the first request', () => {
  test.each([DEFAULT_PERSONA, 'plain'])(`builtin tools and the system prompt with persona %s fit in ${FIRST_REQUEST_BUDGET_TOKENS} tokens at chars/4`, async (name) => {
    const chars = JSON.stringify(builtinTools.map(toToolSchema)).length + buildSystemPrompt(await loadPersona(name), WORKSPACE).length
    expect(Math.round(chars / 4)).toBeLessThanOrEqual(FIRST_REQUEST_BUDGET_TOKENS)
  })
})

describe('every bundled persona', () => {
  test('fits the first-request budget with the builtin tools, like the default', async () => {
    const tools = JSON.stringify(builtinTools.map(toToolSchema)).length
    for (const name of await listPersonaNames()) {
      const tokens = Math.round((tools + buildSystemPrompt(await loadPersona(name), WORKSPACE).length) / 4)
      expect({name, fits: tokens <= FIRST_REQUEST_BUDGET_TOKENS}).toEqual({name, fits: true})
    }
  })

  test('writes no actions between asterisks (the voice is in the words)', async () => {
    for (const name of await listPersonaNames()) expect({name, action: /\*[a-z][^*\n]*\*/i.exec((await loadPersona(name)).prompt)?.[0]}).toEqual({name, action: undefined})
  })
})

describe('the project instructions section', () => {
  test('comes last, after the rules, when there is one; absent otherwise', () => {
    const section = '## Project instructions (AGENTS.md)\n\n### AGENTS.md\nUse pnpm.'
    const prompt = buildSystemPrompt(persona, WORKSPACE, section)
    expect(prompt.endsWith(`answer in plain text without calling a tool.\n\n${section}`)).toBe(true)
    expect(buildSystemPrompt(persona, WORKSPACE)).not.toContain('Project instructions')
  })
})
