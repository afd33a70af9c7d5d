import {expect, test} from '@jest/globals'

import {TextCallGate} from '../../src/runtime/text-call-gate.js'

/** Feeds the pieces, then finishes with the text that remains once calls are removed; returns what was shown. */
function show(pieces: string[], finalText: string): string {
  const gate = new TextCallGate()
  let shown = ''
  for (const piece of pieces) shown += gate.push(piece)
  return shown + gate.finish(finalText)
}

test.each<[string, string[], string, string]>([
  ['plain text streams through whole', ['Hello ', 'there.'], 'Hello there.', 'Hello there.'],
  ['a tag split across pieces is never shown', ['Let me look.\n<tool', '_call>{"name":"read_file"}', '</tool_call>'], 'Let me look.', 'Let me look.\n'],
  ['a bare JSON call is held back', ['{"name": "grep", ', '"arguments": {}}'], '', ''],
  ['JSON on its own line after text is held back', ['Reading it.\n', '{"name": "read_file", "arguments": {"path": "a"}}'], 'Reading it.', 'Reading it.'],
  ['held text that turns out not to be a call is shown at the end', ['Here:\n', '{"version": 2}'], 'Here:\n{"version": 2}', 'Here:\n{"version": 2}'],
  ['a python tag', ['<|python_', 'tag|>{"name": "x"}'], '', ''],
  ['a less-than sign that is not a tag', ['if a <', ' b then'], 'if a < b then', 'if a < b then'],
])('%s', (_name, pieces, finalText, expected) => {
  expect(show(pieces, finalText)).toBe(expected)
})

test('nothing after a call marker is shown while streaming', () => {
  const gate = new TextCallGate()
  expect(gate.push('Sure. <tool_call>')).toBe('Sure. ')
  expect(gate.push('{"name": "bash", "arguments": {"command": "ls"}}')).toBe('')
})
