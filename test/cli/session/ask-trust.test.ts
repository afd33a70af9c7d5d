import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {askTrust} from '../../../src/cli/session/ask-trust.js'
import type {RuleFile} from '../../../src/policy/effective-rules.js'
import {parseRule} from '../../../src/policy/policy-rule.js'
import {loadTrustStore} from '../../../src/policy/edge/trust-store.js'
import {isTrusted} from '../../../src/policy/trust.js'

let stateDir: string
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'lilly-ask-trust-'))
})
afterEach(async () => {
  await rm(stateDir, {recursive: true, force: true})
})

function projectFile(file: string, allow: string[]): RuleFile {
  const rules = allow.map((text) => {
    const parsed = parseRule(text, 'allow', file, '/home/u')
    if (!parsed.ok) throw new Error(parsed.problem)
    return parsed.rule
  })
  return {path: file, origin: 'project', sha256: 'c'.repeat(64), rules: [...rules]}
}

async function run(answers: Array<string | null>, files: RuleFile[]) {
  const questions: string[] = []
  const printed: string[] = []
  const trusted = await askTrust({
    files,
    ask: async (question) => {
      questions.push(question)
      return answers.shift() ?? null
    },
    print: (text) => printed.push(text),
    stateDir,
    cwd: '/ws',
  })
  return {trusted, questions, printed, store: await loadTrustStore(stateDir)}
}

describe('askTrust', () => {
  const rc = projectFile('/ws/.lillycoderrc', ['bash(npm test*)', 'edit_file(src/**)'])

  test('shows the allow rules, asks once per file, and saves a yes pinned to the content', async () => {
    const result = await run(['y'], [rc])
    expect(result.questions).toEqual(['trust these allow rules from ./.lillycoderrc? [y/N] '])
    expect(result.printed.join('')).toContain('  allow bash(npm test*)\n  allow edit_file(src/**)')
    expect(result.trusted.map((file) => file.path)).toEqual(['/ws/.lillycoderrc'])
    expect(isTrusted(result.store, '/ws/.lillycoderrc', 'c'.repeat(64))).toBe(true)
  })

  test.each<[string, string | null]>([
    ['Enter', ''],
    ['n', 'n'],
    ['anything else', 'sure'],
    ['a cancelled prompt', null],
  ])('%s does not trust', async (_name, answer) => {
    const result = await run([answer], [rc])
    expect(result.trusted).toEqual([])
    expect(result.store.files).toEqual([])
  })

  test.each([['Y'], ['yes'], [' YES ']])('%j trusts', async (answer) => {
    expect((await run([answer], [rc])).trusted).toHaveLength(1)
  })

  test('each file is its own question; a file outside the cwd is shown by its absolute path', async () => {
    const far = projectFile('/repo/lillycoder.config.yaml', ['bash(make*)'])
    const result = await run(['n', 'y'], [rc, far])
    expect(result.questions[1]).toBe('trust these allow rules from /repo/lillycoder.config.yaml? [y/N] ')
    expect(result.store.files.map((file) => file.path)).toEqual(['/repo/lillycoder.config.yaml'])
  })
})
