import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'

import {effectiveRules, type RuleFile, untrustedAllowFiles} from '../../../src/policy/effective-rules.js'
import {loadTrustStore, saveTrustStore, trustStorePath} from '../../../src/policy/edge/trust-store.js'
import {EMPTY_TRUST_STORE, isTrusted, trust, untrust} from '../../../src/policy/trust.js'
import {ConfigError} from '../../../src/runtime/config/config-error.js'
import {rule} from '../policy-fixtures.js'

const HASH_A = 'a'.repeat(64)
const HASH_B = 'b'.repeat(64)
const AT = new Date('2026-11-02T10:00:00Z')

let stateDir: string
beforeEach(async () => {
  stateDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'lilly-trust-')), 'state', 'lillycoder')
})
afterEach(async () => {
  await rm(path.dirname(path.dirname(stateDir)), {recursive: true, force: true})
})

describe('trust store on disk', () => {
  test('a missing store trusts nothing', async () => {
    expect(await loadTrustStore(stateDir)).toEqual(EMPTY_TRUST_STORE)
  })

  test('trust survives a save and a load, pinned to path and hash', async () => {
    await saveTrustStore(stateDir, trust(EMPTY_TRUST_STORE, '/ws/.lillycoderrc', HASH_A, AT))
    const loaded = await loadTrustStore(stateDir)
    expect(isTrusted(loaded, '/ws/.lillycoderrc', HASH_A)).toBe(true)
    expect(isTrusted(loaded, '/ws/.lillycoderrc', HASH_B)).toBe(false)
    expect(isTrusted(loaded, '/other/.lillycoderrc', HASH_A)).toBe(false)
    expect(loaded.files[0].trustedAt).toBe('2026-11-02T10:00:00.000Z')
  })

  test('the write is atomic: only trusted.json is left in the directory', async () => {
    await saveTrustStore(stateDir, trust(EMPTY_TRUST_STORE, '/ws/a', HASH_A, AT))
    await saveTrustStore(stateDir, trust(await loadTrustStore(stateDir), '/ws/b', HASH_B, AT))
    expect(await readdir(stateDir)).toEqual(['trusted.json'])
    expect(JSON.parse(await readFile(trustStorePath(stateDir), 'utf8')).files).toHaveLength(2)
  })

  test.each([
    ['not JSON', '{"version": 1, "files": [', 'is not valid JSON'],
    ['not a trust store', '{"version": 7}', 'is not a lillycoder trust store'],
  ])('a damaged store (%s) is an error naming the file', async (_name, content, problem) => {
    await saveTrustStore(stateDir, EMPTY_TRUST_STORE)
    await writeFile(trustStorePath(stateDir), content)
    const error = await loadTrustStore(stateDir).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toContain(trustStorePath(stateDir))
    expect((error as Error).message).toContain(problem)
  })
})

describe('trust and untrust', () => {
  test('trusting new content replaces the old pin', () => {
    const store = trust(trust(EMPTY_TRUST_STORE, '/ws/x', HASH_A, AT), '/ws/x', HASH_B, AT)
    expect(store.files).toHaveLength(1)
    expect(isTrusted(store, '/ws/x', HASH_A)).toBe(false)
    expect(isTrusted(store, '/ws/x', HASH_B)).toBe(true)
  })

  test('untrust removes the file and says whether it was there', () => {
    const store = trust(EMPTY_TRUST_STORE, '/ws/x', HASH_A, AT)
    const removed = untrust(store, '/ws/x')
    expect(removed.removed).toBe(true)
    expect(isTrusted(removed.store, '/ws/x', HASH_A)).toBe(false)
    expect(untrust(removed.store, '/ws/x').removed).toBe(false)
  })
})

describe('effective rules and trust', () => {
  const userFile: RuleFile = {path: '/home/u/.config/lillycoder/config.yaml', origin: 'user', sha256: HASH_A, rules: [rule('allow', 'bash(make*)', '/home/u/.config/lillycoder/config.yaml')]}
  const projectFile: RuleFile = {
    path: '/ws/.lillycoderrc',
    origin: 'project',
    sha256: HASH_A,
    rules: [rule('deny', 'bash(git push*)', '/ws/.lillycoderrc'), rule('ask', 'install_package', '/ws/.lillycoderrc'), rule('allow', 'bash(npm test*)', '/ws/.lillycoderrc')],
  }
  const texts = (rules: readonly {text: string}[]) => rules.map((found) => found.text)

  test.each<[string, typeof EMPTY_TRUST_STORE, string[]]>([
    ['untrusted project allow rules are ignored', EMPTY_TRUST_STORE, ['bash(make*)']],
    ['trusted project allow rules apply', trust(EMPTY_TRUST_STORE, '/ws/.lillycoderrc', HASH_A, AT), ['bash(make*)', 'bash(npm test*)']],
    ['an edited trusted file is untrusted again', trust(EMPTY_TRUST_STORE, '/ws/.lillycoderrc', HASH_B, AT), ['bash(make*)']],
    ['trust of another path does not count', trust(EMPTY_TRUST_STORE, '/elsewhere/.lillycoderrc', HASH_A, AT), ['bash(make*)']],
  ])('%s (user allow rules always apply)', (_name, store, allow) => {
    const rules = effectiveRules([userFile, projectFile], store)
    expect(texts(rules.allow)).toEqual(allow)
    // Tightening rules never wait for trust.
    expect(texts(rules.deny)).toEqual(['bash(git push*)'])
    expect(texts(rules.ask)).toEqual(['install_package'])
  })

  test('untrustedAllowFiles lists project files with allow rules, never the user file', () => {
    const denyOnly: RuleFile = {...projectFile, path: '/ws2/.lillycoderrc', rules: [rule('deny', 'bash')]}
    expect(untrustedAllowFiles([userFile, projectFile, denyOnly], EMPTY_TRUST_STORE).map((file) => file.path)).toEqual(['/ws/.lillycoderrc'])
    expect(untrustedAllowFiles([userFile, projectFile], trust(EMPTY_TRUST_STORE, '/ws/.lillycoderrc', HASH_A, AT))).toEqual([])
  })
})
