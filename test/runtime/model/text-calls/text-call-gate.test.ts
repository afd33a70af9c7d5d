import {describe, expect, test} from '@jest/globals'

import {TextCallGate} from '../../../../src/runtime/model/text-calls/text-call-gate.js'
import {CALL_MARKERS, mayStartTextCall} from '../../../../src/runtime/model/text-calls/text-call-start.js'
import {extractTextToolCalls} from '../../../../src/runtime/model/text-calls/text-tool-calls.js'

/** Feeds the pieces, then finishes with the text that remains once calls are removed; returns what was shown. */
function show(pieces: string[], finalText: string): string {
  const gate = new TextCallGate()
  let shown = ''
  for (const piece of pieces) shown += gate.push(piece)
  return shown + gate.finish(finalText)
}

/** What the gate lets through while the pieces stream, before the reply is complete. */
function streamed(pieces: string[]): string {
  const gate = new TextCallGate()
  return pieces.map((piece) => gate.push(piece)).join('')
}

test.each<[string, string[], string, string]>([
  ['plain text streams through whole', ['Hello ', 'there.'], 'Hello there.', 'Hello there.'],
  ['a tag split across pieces is never shown', ['Let me look.\n<tool', '_call>{"name":"read_file"}', '</tool_call>'], 'Let me look.', 'Let me look.\n'],
  ['a bare JSON call is held back', ['{"name": "grep", ', '"arguments": {}}'], '', ''],
  ['JSON on its own line after text is held back', ['Reading it.\n', '{"name": "read_file", "arguments": {"path": "a"}}'], 'Reading it.', 'Reading it.'],
  ['held text that turns out not to be a call is shown at the end', ['Here:\n', '{"version": 2}'], 'Here:\n{"version": 2}', 'Here:\n{"version": 2}'],
  ['a python tag', ['<|python_', 'tag|>{"name": "x"}'], '', ''],
  ['a less-than sign that is not a tag', ['if a <', ' b then'], 'if a < b then', 'if a < b then'],
  ['a code fence in another language streams', ['Run:\n```', 'bash\nls\n```\ndone'], 'Run:\n```bash\nls\n```\ndone', 'Run:\n```bash\nls\n```\ndone'],
  ['an unlabelled fence of code streams', ['Run:\n```\nnpm', ' test\n```'], 'Run:\n```\nnpm test\n```', 'Run:\n```\nnpm test\n```'],
])('%s', (_name, pieces, finalText, expected) => {
  expect(show(pieces, finalText)).toBe(expected)
})

test('nothing after a call marker is shown while streaming', () => {
  const gate = new TextCallGate()
  expect(gate.push('Sure. <tool_call>')).toBe('Sure. ')
  expect(gate.push('{"name": "bash", "arguments": {"command": "ls"}}')).toBe('')
})

// Every form the scanner reads as a call: the gate must agree and show none of it, wherever the stream is cut.
// A line break before a call tag is shown; one before a line-start form (bare JSON, a fence) is part of the form.
const call = '{"name": "bash", "arguments": {"command": "ls"}}'
const calls: Array<[form: string, lead: string, markup: string, shown: string]> = [
  ['Hermes tag', 'Listing.\n', `<tool_call>\n${call}\n</tool_call>`, 'Listing.\n'],
  ['Hermes tag mid-line', 'Listing: ', `<tool_call>${call}</tool_call>`, 'Listing: '],
  ['Llama python tag', '', `<|python_tag|>${call}`, ''],
  ['Mistral', 'Ok.', `[TOOL_CALLS][${call}]`, 'Ok.'],
  ['LM Studio', '', `[TOOL_REQUEST]${call}[END_TOOL_REQUEST]`, ''],
  ['Llama function tag', 'Ok.\n', '<function=bash>{"command": "ls"}</function>', 'Ok.\n'],
  ['fence labelled json', 'Listing.\n', `\`\`\`json\n${call}\n\`\`\``, 'Listing.'],
  ['fence labelled tool', 'Listing.\n', `\`\`\`tool\n${call}\n\`\`\``, 'Listing.'],
  ['fence labelled tool_calls', 'Listing.\n', `\`\`\`tool_calls\n${call}\n\`\`\``, 'Listing.'],
  ['fence labelled function_call', 'Listing.\n', `\`\`\`function_call\n${call}\n\`\`\``, 'Listing.'],
  ['unlabelled fence after text', 'Listing.\n', `\`\`\`\n${call}\n\`\`\``, 'Listing.'],
  ['unlabelled fence at the very start', '', `\`\`\`\n${call}\n\`\`\``, ''],
  ['bare JSON at the very start', '', call, ''],
  ['bare JSON, indented, on its own line', 'Listing.\n', `  ${call}`, 'Listing.'],
  ['an array of calls on its own line', 'Listing.\n', `[${call}]`, 'Listing.'],
]

describe.each(calls)('%s', (_form, lead, markup, shown) => {
  const reply = lead + markup
  test('the scanner reads it as a call', () => {
    expect(extractTextToolCalls(reply, ['bash']).calls.map((c) => c.name)).toEqual(['bash'])
  })

  test('cut anywhere into two pieces, no part of the call is shown while streaming', () => {
    for (let cut = 0; cut <= reply.length; cut++) expect(shown.startsWith(streamed([reply.slice(0, cut), reply.slice(cut)]))).toBe(true)
  })

  test('streamed a character at a time, the lead-in is shown and the call is not', () => {
    expect(streamed([...reply])).toBe(shown)
  })
})

test.each(CALL_MARKERS)('the marker %s may start a call anywhere in a line: held until what follows it tells', (marker) => {
  expect(mayStartTextCall(`So ${marker}`, 3)).not.toBe('no')
  expect(mayStartTextCall(`So ${marker.slice(0, -1)}`, 3)).toBe('undecided')
})

test.each(CALL_MARKERS)('the marker %s followed by words is prose, shown at once', (marker) => {
  expect(mayStartTextCall(`So ${marker} and more words.\n`, 3)).toBe('no')
})

describe('a long reply', () => {
  // Prose with the characters markers begin with, code in other languages, and lines that start with brackets.
  const paragraph = 'The loop reads a file; if a < b it returns [x] early.\n[see note 1] follows.\n```python\nprint({"a": 1})\n```\n~~~\ncode\n~~~\n'

  test('200k characters in 5-character pieces come through whole and in order', () => {
    const reply = paragraph.repeat(Math.ceil(200_000 / paragraph.length)).slice(0, 200_000)
    const gate = new TextCallGate()
    const shown: string[] = []
    for (let at = 0; at < reply.length; at += 5) shown.push(gate.push(reply.slice(at, at + 5)))
    shown.push(gate.finish(reply))
    expect(shown.join('')).toBe(reply)
    // It streamed: all but the last piece or two were shown as they came, not at the end.
    expect(shown.slice(0, -1).join('').length).toBeGreaterThan(reply.length - 10)
  })

  test('a call at the end of 200k characters is held back, and all before it shown', () => {
    const lead = paragraph.repeat(Math.ceil(200_000 / paragraph.length)).slice(0, 200_000)
    const reply = `${lead}\n<tool_call>\n${call}\n</tool_call>`
    const gate = new TextCallGate()
    let shown = ''
    for (let at = 0; at < reply.length; at += 5) shown += gate.push(reply.slice(at, at + 5))
    expect(shown).toBe(`${lead}\n`)
  })
})
