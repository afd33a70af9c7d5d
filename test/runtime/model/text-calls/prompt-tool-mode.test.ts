import {expect, test} from '@jest/globals'

import type {ChatMessage} from '../../../../src/runtime/model/messages.js'
import {toPromptToolMode} from '../../../../src/runtime/model/text-calls/prompt-tool-mode.js'
import {extractTextToolCalls} from '../../../../src/runtime/model/text-calls/text-tool-calls.js'

test('calls become <tool_call> text, results become one user message, the tools go into the system prompt', () => {
  const history: ChatMessage[] = [
    {role: 'system', content: 'SYS'},
    {role: 'user', content: 'read both'},
    {
      role: 'assistant',
      content: 'Sure.',
      toolCalls: [
        {id: 'a', name: 'read_file', arguments: '{"path":"one.txt"}'},
        {id: 'b', name: 'read_file', arguments: '{"path":"two.txt"}'},
      ],
    },
    {role: 'tool', toolCallId: 'a', name: 'read_file', content: 'ONE'},
    {role: 'tool', toolCallId: 'b', name: 'read_file', content: 'TWO'},
  ]
  const out = toPromptToolMode(history, '# Tools\n...')
  expect(out.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
  expect(out[0].content).toBe('SYS\n\n# Tools\n...')
  const written = extractTextToolCalls(out[2].content, ['read_file'])
  expect(written.calls.map((c) => JSON.parse(c.arguments))).toEqual([{path: 'one.txt'}, {path: 'two.txt'}])
  expect(written.text.trim()).toBe('Sure.')
  expect(out[3].content).toBe('<tool_response name="read_file">\nONE\n</tool_response>\n\n<tool_response name="read_file">\nTWO\n</tool_response>')
  // The history itself is left as it was.
  expect(history[2]).toHaveProperty('toolCalls')
})
