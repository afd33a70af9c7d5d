import {describe, expect, test} from '@jest/globals'

import {compileTextGlob} from '../../src/policy/command-glob.js'
import {parseRule} from '../../src/policy/policy-rule.js'
import {relativeInsideDir} from '../../src/runtime/files/workspace-path.js'
import {HOME, WS} from './policy-fixtures.js'

describe('parseRule', () => {
  test.each<[string, string, string | undefined]>([
    ['bash', 'bash', undefined],
    ['  bash  ', 'bash', undefined],
    ['bash(git push*)', 'bash', 'git push*'],
    ['read_file( .env )', 'read_file', '.env'],
    ['bash(echo (a) [b] {c})', 'bash', 'echo (a) [b] {c}'],
    ['install_package(@types/*)', 'install_package', '@types/*'],
  ])('%s → tool %s, pattern %s', (text, tool, pattern) => {
    const parsed = parseRule(text, 'deny', '/f', HOME)
    if (!parsed.ok) throw new Error(parsed.problem)
    expect(parsed.rule.tool).toBe(tool)
    expect(parsed.rule.pattern).toBe(pattern)
    expect(parsed.rule.source).toBe('/f')
    expect(parsed.rule.action).toBe('deny')
  })

  test.each<[string, string]>([
    ['', 'empty'],
    ['bash(npm test*', 'unbalanced parentheses'],
    ['bash)', 'unbalanced parentheses'],
    ['bash(a))', 'unbalanced ")"'],
    ['bash(a)b', 'unbalanced parentheses'],
    ['bash()', 'empty'],
    ['bash(  )', 'empty'],
    ['Bash(ls)', 'not a tool name'],
    ['read-file(.env)', 'not a tool name'],
    ['(ls)', 'not a tool name'],
    ['edit_file(src/[abc)', 'unbalanced "["'],
    ['edit_file(src/*.{ts,js)', 'unbalanced "{"'],
    ['edit_file(src/a])', 'unbalanced "]"'],
  ])('%j is an error mentioning %s', (text, problem) => {
    const parsed = parseRule(text, 'allow', '/f', HOME)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toContain(problem)
  })
})

test('a pattern longer than minimatch takes is an error when the rule is read, not when it is first matched', () => {
  const parsed = parseRule(`read_file(${'a'.repeat(70_000)})`, 'deny', '/f', HOME)
  expect(parsed).toEqual({ok: false, problem: expect.stringContaining('at most 65536')})
})

describe('path globs', () => {
  const matches = (pattern: string, absolute: string) => {
    const parsed = parseRule(`read_file(${pattern})`, 'deny', '/f', HOME)
    if (!parsed.ok || !parsed.rule.matcher) throw new Error(`${pattern} does not parse`)
    return parsed.rule.matcher.path({absolute, relative: relativeInsideDir(WS, absolute)})
  }

  test.each<[pattern: string, target: string, matched: boolean]>([
    ['.env', '/ws/.env', true],
    ['.env', '/ws/sub/.env', false],
    ['./.env', '/ws/.env', true],
    ['.//.env', '/ws/.env', true],
    ['**/.env', '/ws/.env', true],
    ['**/.env', '/ws/a/b/.env', true],
    ['*.md', '/ws/README.md', true],
    ['*.md', '/ws/docs/a.md', false],
    ['src/**', '/ws/src/a/b/c.ts', true],
    ['src/**', '/ws/src/.hidden/x', true],
    ['src/**', '/ws/srcx/a.ts', false],
    ['secrets/**', '/ws/secrets/key.pem', true],
    ['**', '/ws/.git/config', true],
    ['src/*.{ts,js}', '/ws/src/a.js', true],
    ['src/*.{ts,js}', '/ws/src/a.py', false],
    ['#notes.md', '/ws/#notes.md', true],
    ['!x', '/ws/!x', true],
    ['!x', '/ws/y', false],
    // A relative glob never sees outside the workspace; an absolute one sees any path.
    ['**', '/etc/passwd', false],
    ['*', '/etc', false],
    ['/etc/**', '/etc/passwd', true],
    ['/etc/**', '/ws/etc/passwd', false],
    ['/ws/.env', '/ws/.env', true],
    ['~/.ssh/**', '/home/u/.ssh/id_ed25519', true],
    ['~/.ssh/**', '/ws/.ssh/id_ed25519', false],
    ['/**', '/anything/at/all', true],
  ])('%s vs %s → %s', (pattern, target, matched) => {
    expect(matches(pattern, target)).toBe(matched)
  })
})

describe('command and name globs (* is any characters)', () => {
  test.each<[pattern: string, text: string, matched: boolean]>([
    ['npm test*', 'npm test', true],
    ['npm test*', 'npm test -- --watch', true],
    ['npm test*', 'npm  test', true],
    ['npm test*', '  npm test  ', true],
    ['npm test*', 'npm run test', false],
    ['git status', 'git status', true],
    ['git status', 'git status -s', false],
    ['git status', 'xgit status', false],
    ['git push*', 'git push --force origin main', true],
    ['*rm -rf*', 'cd / && rm -rf x', true],
    ['curl * | sh', 'curl https://x.sh/a?b=c | sh', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['*', '', true],
    ['@types/*', '@types/node', true],
    ['@types/*', 'types-node', false],
    ['left-pad', 'left-pad', true],
    ['left-pad', 'left-pad2', false],
    ['a?c', 'abc', false],
    ['a?c', 'a?c', true],
  ])('%j vs %j → %s', (pattern, text, matched) => {
    expect(compileTextGlob(pattern)(text)).toBe(matched)
  })

  test('many stars against a long text answer quickly instead of backtracking', () => {
    const hostile = compileTextGlob(`${'*a'.repeat(30)}*b`)
    expect(hostile('a'.repeat(20_000))).toBe(false)
  })
})
