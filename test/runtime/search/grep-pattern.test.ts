import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {compileGrepPattern} from '../../../src/runtime/search/grep-pattern.js'
import {findRipgrep} from '../../../src/runtime/search/ripgrep-binary.js'
import {ToolError} from '../../../src/runtime/tools/tool-error.js'

describe('compileGrepPattern: one pattern, two dialects', () => {
  test.each([
    ['TODO|FIXME', 'TODO|FIXME', 'TODO|FIXME'],
    ['class Foo {', 'class Foo \\{', 'class Foo \\{'],
    ['a{2,3}', 'a{2,3}', 'a{2,3}'],
    ['x{', 'x\\{', 'x\\{'],
    ['\\d+', '\\d+', '[0-9]+'],
    ['\\bfoo\\b', '\\bfoo\\b', '(?-u:\\b)foo(?-u:\\b)'],
    ['[\\w-]+', '[\\w\\-]+', '[0-9A-Za-z_\\-]+'],
    ['[^\\d]', '[^\\d]', '[^0-9]'],
    ['[\\D]', '[\\D]', '[[^0-9]]'],
    ['a.c', 'a[^\\n\\r]c', 'a[^\\n\\r]c'],
    ['end$', 'end(?:\\r?$)', 'end(?:\\r?$)'],
    ['\\/api\\/', '\\/api\\/', '/api/'],
    ['a\\-b', 'a-b', 'a\\-b'],
    ['(?<word>\\w+)', '(?<word>\\w+)', '(?P<word>[0-9A-Za-z_]+)'],
    ['\\u00e9|\\x41', '\\u00e9|\\x41', '\\x{00e9}|\\x{41}'],
    ['[a&&b~~c]', '[a&&b~~c]', '[a\\&\\&b\\~\\~c]'],
  ])('%s → JavaScript /%s/, ripgrep %s', (pattern, js, rust) => {
    const compiled = compileGrepPattern(pattern, {ignoreCase: false})
    expect(compiled.line.source).toBe(js)
    expect(compiled.ripgrep).toBe(rust)
  })

  test.each([['(?<=a)b'], ['(?!x)y'], ['(a)\\1'], ['\\p{Lu}'], ['[]']])('%s is left to JavaScript', (pattern) => {
    expect(compileGrepPattern(pattern, {ignoreCase: false}).ripgrep).toBeUndefined()
  })

  test('lookaround also turns off the block pre-test', () => {
    expect(compileGrepPattern('(?<=a)b', {ignoreCase: false}).block).toBeUndefined()
    expect(compileGrepPattern('ab', {ignoreCase: false}).block?.flags).toContain('m')
  })

  test('ignore_case sets the i flag', () => {
    expect(compileGrepPattern('abc', {ignoreCase: true}).line.test('xABCx')).toBe(true)
    expect(compileGrepPattern('abc', {ignoreCase: false}).line.test('xABCx')).toBe(false)
  })

  test.each([
    ['(', /Unterminated group/],
    ['[abc', /never closed/],
    ['a**', /Nothing to repeat/],
    ['*.ts', /Nothing to repeat/],
    ['foo\\nbar', /one line at a time/],
    ['one\ntwo', /line break/],
  ])('%j is a ToolError with a hint', (pattern, why) => {
    let caught: unknown
    try {
      compileGrepPattern(pattern, {ignoreCase: false})
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ToolError)
    const error = caught as ToolError
    expect(error.hint).toBeTruthy()
    expect(`${error.what} ${error.why}`).toMatch(why)
    // The message speaks of the pattern the model wrote, not of the rewritten one.
    expect(error.message).not.toContain('/u:')
  })
})

// Both engines run each pattern over the same lines and must pick the same ones.
describe('the rewritten patterns mean the same to ripgrep and to JavaScript', () => {
  const lines = [
    'const needle = 1;',
    'function find(x) {',
    'class Foo {',
    'price: 12.50 EUR',
    'naïve café',
    'ünïcode_wörd',
    '٣ arabic-indic digit',
    'tab\there',
    'nbsp\u00a0here',
    'nel\u0085here',
    'bom\ufeffhere',
    'emoji 😀 here',
    'crlf line;\r',
    'a-b a_b',
    'foo/bar\\baz',
    'x{y}',
    'MiXeD CaSe',
    'straße STRASSE',
    '',
  ]
  let dir: string
  let ripgrep: string | undefined
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-pattern-'))
    await fs.writeFile(path.join(dir, 'lines.txt'), `${lines.join('\n')}\n`)
    ripgrep = await findRipgrep({PATH: process.env.PATH})
  })
  afterAll(async () => {
    await fs.rm(dir, {recursive: true, force: true})
  })

  const patterns: Array<[string, boolean]> = [
    ['\\w+', false], ['^\\w+$', false], ['\\d', false], ['\\s', false], ['\\S+\\s\\S+', false], ['\\bb\\b', false],
    ['caf.', false], ['é', false], ['[à-ÿ]', false], ['.{5}', false], ['😀', false], ['[😀]', false], ['emoji . here', false],
    [';$', false], ['^$', false], ['\\{', false], ['x{y', false], ['foo/bar', false], ['\\\\', false], ['[\\w-]{3}', false],
    ['mixed', true], ['STRASSE', true], ['ß', true], ['[a-z]+', true], ['\\W', false], ['[^\\s\\w]', false], ['\\t', false],
  ]
  test.each(patterns)('%s (ignore case: %s)', (pattern, ignoreCase) => {
    expect(ripgrep).toBeDefined()
    const compiled = compileGrepPattern(pattern, {ignoreCase})
    expect(compiled.ripgrep).toBeDefined()
    const args = ['--no-config', '--line-number', '--no-heading', ignoreCase ? '-i' : '-s', '-e', compiled.ripgrep ?? '', 'lines.txt']
    let output = ''
    try {
      output = execFileSync(ripgrep ?? 'rg', args, {cwd: dir, encoding: 'utf8'})
    } catch (error) {
      if ((error as {status?: number}).status !== 1) throw error
    }
    const viaRipgrep = output.split('\n').filter(Boolean).map((line) => Number(line.slice(0, line.indexOf(':'))))
    const viaJavaScript = lines.flatMap((line, index) => (compiled.line.test(line) ? [index + 1] : []))
    expect(viaRipgrep).toEqual(viaJavaScript)
  })
})
