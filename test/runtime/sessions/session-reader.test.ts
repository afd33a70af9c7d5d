import {describe, expect, test} from '@jest/globals'

import {SessionFileError} from '../../../src/runtime/sessions/session-error.js'
import {parseSession} from '../../../src/runtime/sessions/session-reader.js'

const header = {type: 'session', version: 1, id: 's1', workspace: '/w', endpoint: 'http://127.0.0.1:1/v1', model: 'm', persona: 'lilly', created: '2026-12-07T21:00:00.000Z'}
const line = (value: unknown) => `${JSON.stringify(value)}\n`
const user = (content: string) => line({type: 'message', message: {role: 'user', content}})
const assistant = (content: string) => line({type: 'message', message: {role: 'assistant', content}})

describe('parseSession', () => {
  test('replays messages, a replaced last message and a reset with its summary, in order', () => {
    const text =
      line(header) +
      user('one') +
      assistant('reply one') +
      user('two') +
      line({type: 'replace_last', message: {role: 'user', content: 'two, merged'}}) +
      line({type: 'reset', summary: 'they said one', messages: [{role: 'user', content: 'two, merged'}]}) +
      line({type: 'message', message: {role: 'assistant', content: '', toolCalls: [{id: 'c1', name: 'read_file', arguments: '{"path":"a"}'}]}}) +
      line({type: 'message', message: {role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'hello'}})
    const loaded = parseSession(text, 'f.jsonl')
    expect(loaded.header.id).toBe('s1')
    expect(loaded.summary).toBe('they said one')
    expect(loaded.messages.map((m) => `${m.role}:${m.content}`)).toEqual(['user:two, merged', 'assistant:', 'tool:hello'])
    expect(loaded.completeBytes).toBe(Buffer.byteLength(text))
  })

  test.each([
    ['half a JSON line', '{"type":"message","mess'],
    ['a whole record without its newline', JSON.stringify({type: 'message', message: {role: 'user', content: 'lost'}})],
  ])('a torn last line (%s) is ignored and lies past completeBytes', (_name, torn) => {
    const whole = line(header) + user('kept')
    const loaded = parseSession(whole + torn, 'f.jsonl')
    expect(loaded.messages).toEqual([{role: 'user', content: 'kept'}])
    expect(loaded.completeBytes).toBe(Buffer.byteLength(whole))
  })

  test('a newer format version is refused by name, not parsed', () => {
    const text = line({...header, version: 3, somethingNew: true}) + user('x')
    expect(() => parseSession(text, 'f.jsonl')).toThrow(/format version 3.*reads version 2 and older.*update lillycoder/)
  })

  test.each([
    ['an empty file', '', /at line 1.*no header/],
    ['a first line that is not a header', user('x'), /at line 1.*not a session header/],
    ['a header without its fields', line({type: 'session', version: 1}), /at line 1.*missing fields/],
    ['garbage in the middle', line(header) + user('a') + 'not json\n' + user('b'), /at line 3/],
    ['a record of an unknown type', line(header) + line({type: 'mystery'}), /at line 2/],
    ['a message with an unknown role', line(header) + line({type: 'message', message: {role: 'wizard', content: 'x'}}), /at line 2/],
  ])('%s is corrupt: a SessionFileError naming the line', (_name, text, pattern) => {
    let caught: unknown
    try {
      parseSession(text, 'f.jsonl')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(SessionFileError)
    expect((caught as Error).message).toMatch(pattern)
    expect((caught as Error).message).not.toContain('\n')
  })
})
