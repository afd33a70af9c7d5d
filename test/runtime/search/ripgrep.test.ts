import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {compileGrepPattern} from '../../../src/runtime/search/grep-pattern.js'
import type {GrepRequest} from '../../../src/runtime/search/grep-request.js'
import {grepWithRipgrep, parseBeginPath, parseRipgrepMessage, parseRipgrepTextLine, splitLines} from '../../../src/runtime/search/ripgrep.js'
import {findRipgrep} from '../../../src/runtime/search/ripgrep-binary.js'

describe('parseRipgrepMessage', () => {
  const match = (data: object) => JSON.stringify({type: 'match', data})
  test.each([
    ['a match', match({path: {text: 'src/a.ts'}, lines: {text: 'const x = 1\n'}, line_number: 3}), {path: 'src/a.ts', line: 3, text: 'const x = 1'}],
    ['./ is dropped', match({path: {text: './a.ts'}, lines: {text: 'x\n'}, line_number: 1}), {path: 'a.ts', line: 1, text: 'x'}],
    ['../ is kept', match({path: {text: '../b/a.ts'}, lines: {text: 'x\n'}, line_number: 1}), {path: '../b/a.ts', line: 1, text: 'x'}],
    ['CRLF', match({path: {text: 'w.txt'}, lines: {text: 'x;\r\n'}, line_number: 2}), {path: 'w.txt', line: 2, text: 'x;'}],
    ['last line without newline', match({path: {text: 'a'}, lines: {text: 'end'}, line_number: 9}), {path: 'a', line: 9, text: 'end'}],
    [
      'bytes that are not UTF-8',
      match({path: {bytes: Buffer.from('f\xe9.txt', 'latin1').toString('base64')}, lines: {bytes: Buffer.from('caf\xe9\n', 'latin1').toString('base64')}, line_number: 1}),
      {path: 'f\uFFFD.txt', line: 1, text: 'caf\uFFFD'},
    ],
  ])('%s', (_name, line, expected) => {
    expect(parseRipgrepMessage(line)).toEqual(expected)
  })

  test.each([
    ['begin', '{"type":"begin","data":{"path":{"text":"a"}}}'],
    ['end', '{"type":"end","data":{"path":{"text":"a"},"binary_offset":null}}'],
    ['summary', '{"type":"summary","data":{}}'],
    ['a match without a line number', match({path: {text: 'a'}, lines: {text: 'x'}})],
  ])('%s is not a match', (_name, line) => {
    expect(parseRipgrepMessage(line)).toBeUndefined()
  })
})

// A stream of rg --json output, cut at every position: the reducers must not care where.
const stream = [
  '{"type":"begin","data":{"path":{"text":"a"}}}',
  '{"type":"match","data":{"path":{"text":"a"},"lines":{"text":"x\\n"},"line_number":1}}',
  '{"type":"match","data":{"path":{"text":"a"},"lines":{"text":"{\\"type\\":\\"match\\" in text\\n"},"line_number":2}}',
  '{"type":"end","data":{"path":{"text":"a"}}}',
  '{"type":"match","data":{"path":{"text":"b"},"lines":{"text":"y\\n"},"line_number":7}}',
  '',
].join('\n')

const cuts = Array.from({length: stream.length + 1}, (_, cut) => cut)

describe('splitLines', () => {
  test('gives the same lines wherever the stream is cut', () => {
    const joined = cuts.map((cut) => {
      const first = splitLines('', stream.slice(0, cut))
      const second = splitLines(first.rest, stream.slice(cut))
      return {lines: [...first.lines, ...second.lines], rest: second.rest}
    })
    expect(joined).toEqual(cuts.map(() => ({lines: stream.split('\n').slice(0, -1), rest: ''})))
  })
})

describe('parseBeginPath', () => {
  test.each([
    ['a begin message', '{"type":"begin","data":{"path":{"text":"./src/a.ts"}}}', './src/a.ts'],
    ['a path that is not UTF-8', JSON.stringify({type: 'begin', data: {path: {bytes: Buffer.from('f\xe9', 'latin1').toString('base64')}}}), 'f\uFFFD'],
    ['a match message', stream.split('\n')[1], undefined],
    ['an end message', stream.split('\n')[3], undefined],
    ['a begin message without a path', '{"type":"begin","data":{}}', undefined],
  ])('%s', (_name, line, expected) => {
    expect(parseBeginPath(line)).toBe(expected)
  })
})

describe('findRipgrep', () => {
  let dir: string
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-rg-path-'))
  })
  afterEach(async () => {
    await fs.rm(dir, {recursive: true, force: true})
  })

  test('LILLYCODER_RG=0 turns ripgrep off', async () => {
    expect(await findRipgrep({PATH: process.env.PATH, LILLYCODER_RG: '0'})).toBeUndefined()
  })

  test('LILLYCODER_RG names the binary', async () => {
    expect(await findRipgrep({PATH: '', LILLYCODER_RG: '/opt/rg'})).toBe('/opt/rg')
  })

  test('finds an executable rg on PATH, skipping one that cannot run', async () => {
    await fs.mkdir(path.join(dir, 'a'))
    await fs.mkdir(path.join(dir, 'b'))
    await fs.writeFile(path.join(dir, 'a', 'rg'), 'not executable', {mode: 0o644})
    await fs.writeFile(path.join(dir, 'b', 'rg'), '#!/bin/sh\n', {mode: 0o755})
    const searchPath = [path.join(dir, 'missing'), path.join(dir, 'a'), path.join(dir, 'b')].join(path.delimiter)
    expect(await findRipgrep({PATH: searchPath})).toBe(path.join(dir, 'b', 'rg'))
  })

  test('no rg on PATH → undefined', async () => {
    expect(await findRipgrep({PATH: dir})).toBeUndefined()
  })

  test('the installed rg is found', async () => {
    expect(await findRipgrep({PATH: process.env.PATH})).toMatch(/rg$/)
  })
})

describe('parseRipgrepTextLine', () => {
  test.each([
    ['a match', './src/a.ts\u00003:const x = 1', {path: './src/a.ts', line: 3, text: 'const x = 1'}],
    ['CRLF', 'w.txt\u00002:x;\r', {path: 'w.txt', line: 2, text: 'x;'}],
    ['a colon in the path and in the text', 'a:b.txt\u000012:key: value', {path: 'a:b.txt', line: 12, text: 'key: value'}],
    ['an empty matching line', 'a\u00004:', {path: 'a', line: 4, text: ''}],
  ])('%s', (_name, line, expected) => {
    expect(parseRipgrepTextLine(line)).toEqual(expected)
  })

  // Each of these is asked again with --json, which says it exactly.
  test.each([
    ['a path ripgrep escaped (not UTF-8)', './l\\xe9.txt\u00001:needle'],
    ['the sentence for a binary file named as the target', 'mixed.bin: binary file matches (found "\\0" byte around offset 11)'],
    ['no line number', 'a\u0000needle'],
    ['line number 0', 'a\u00000:needle'],
    ['no path', '\u00001:needle'],
  ])('%s is not read', (_name, line) => {
    expect(parseRipgrepTextLine(line)).toBeUndefined()
  })
})

describe('grepWithRipgrep: a path ripgrep can only escape in its text output', () => {
  let dir: string
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-rg-names-'))
  })
  afterEach(async () => {
    await fs.rm(dir, {recursive: true, force: true})
  })

  test('is read from its --json answer, as the other matches', async () => {
    const ripgrep = await findRipgrep({PATH: process.env.PATH})
    if (!ripgrep) throw new Error('rg is not on PATH; install ripgrep to run the grep tests')
    await fs.writeFile(Buffer.concat([Buffer.from(path.join(dir, 'caf')), Buffer.from([0xe9]), Buffer.from('.txt')]), 'needle one\n')
    await fs.writeFile(path.join(dir, 'plain.txt'), 'needle two\n')
    const result = await grepWithRipgrep(ripgrep, {
      workspace: dir,
      target: {kind: 'directory', path: dir},
      pattern: compileGrepPattern('needle', {ignoreCase: false}),
      ignoreCase: false,
      maxResults: 10,
      signal: new AbortController().signal,
    } satisfies GrepRequest)
    expect(result?.matches.map((match) => [match.path, match.text])).toEqual([
      ['caf\uFFFD.txt', 'needle one'],
      ['plain.txt', 'needle two'],
    ])
  })
})
