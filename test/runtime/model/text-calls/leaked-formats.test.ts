import {describe, expect, test} from '@jest/globals'

import type {ToolCall} from '../../../../src/runtime/model/messages.js'
import {TextCallGate} from '../../../../src/runtime/model/text-calls/text-call-gate.js'
import {extractTextToolCalls, type TextToolCallFormat} from '../../../../src/runtime/model/text-calls/text-tool-calls.js'

// Every call format a local server is known to leak into `content`, each in its exact wire text (source named
// next to it), with the noise real replies carry around it; and the same format shown rather than meant, which
// must never run. Every row calls read_file on src/app.ts first, so an unknown tool is one replacement away.

const KNOWN = ['read_file', 'write_file', 'edit_file', 'bash', 'grep', 'list_files', 'glob']
const HINTS = {read_file: {path: 'string', offset: 'integer'}} as const

type Args = Record<string, unknown>
const callsOf = (calls: ToolCall[]): Array<[string, Args]> => calls.map((c) => [c.name, JSON.parse(c.arguments) as Args])
const READ: [string, Args] = ['read_file', {path: 'src/app.ts'}]

interface Row {
  label: string
  format: TextToolCallFormat
  markup: string
  calls: Array<[string, Args]>
  /** The markup with its closing tag(s) cut off, when the format has any. */
  unclosed?: string
  /** The end-of-turn token the model's template writes after a call. */
  end?: string
  /** Bare or fenced JSON: a call only as the end of the message, and only with tools that exist. */
  weak?: boolean
  /** A reserved token: a call whatever tool it names. Otherwise an unknown tool leaves it text. */
  unmistakable: boolean
  /** Prose that names the format's marker without making a call. */
  mention: string
}

const rows: Row[] = [
  // --- formats the spec named (WIRE.md §3)
  {
    label: 'Hermes / Qwen 2.5 <tool_call> (vLLM hermes_tool_parser)',
    format: 'hermes',
    markup: '<tool_call>\n{"name": "read_file", "arguments": {"path": "src/app.ts"}}\n</tool_call>',
    unclosed: '<tool_call>\n{"name": "read_file", "arguments": {"path": "src/app.ts"}}',
    end: '<|im_end|>',
    unmistakable: true,
    calls: [READ],
    mention: 'Qwen wraps each call in <tool_call> tags; I will not use them here.',
  },
  {
    label: 'Hermes with the arguments as a JSON string (vLLM #54964, Granite 4)',
    format: 'hermes',
    markup: '<tool_call>{"name": "read_file", "arguments": "{\\"path\\": \\"src/app.ts\\"}"}</tool_call>',
    unclosed: '<tool_call>{"name": "read_file", "arguments": "{\\"path\\": \\"src/app.ts\\"}"}',
    unmistakable: true,
    calls: [READ],
    mention: 'A <tool_call> block carries one JSON object.',
  },
  {
    label: 'Qwen3-Coder XML (llama.cpp models/templates/Qwen3-Coder.jinja, vLLM qwen3coder parser)',
    format: 'qwen3-coder-xml',
    markup: '<tool_call>\n<function=read_file>\n<parameter=path>\nsrc/app.ts\n</parameter>\n<parameter=offset>\n10\n</parameter>\n</function>\n</tool_call>',
    unclosed: '<tool_call>\n<function=read_file>\n<parameter=path>\nsrc/app.ts\n</parameter>\n<parameter=offset>\n10\n</parameter>',
    end: '<|im_end|>',
    unmistakable: true,
    calls: [['read_file', {path: 'src/app.ts', offset: 10}]],
    mention: 'Qwen3-Coder writes <function=NAME> inside <tool_call> tags.',
  },
  {
    label: 'Qwen3-Coder XML without the outer tag (ollama #16686)',
    format: 'qwen3-coder-xml',
    markup: '<function=read_file>\n<parameter=path>\nsrc/app.ts\n</parameter>\n</function>',
    unclosed: '<function=read_file>\n<parameter=path>\nsrc/app.ts\n</parameter>',
    unmistakable: false,
    calls: [READ],
    mention: 'The tag <function=NAME> opens a Qwen3-Coder call.',
  },
  {
    label: 'Llama 3.1 <|python_tag|> (Meta llama3_1 prompt format)',
    format: 'llama-python-tag',
    markup: '<|python_tag|>{"name": "read_file", "parameters": {"path": "src/app.ts"}}',
    end: '<|eom_id|>',
    unmistakable: true,
    calls: [READ],
    mention: 'Llama 3.1 starts code with <|python_tag|> and ends it with <|eom_id|>.',
  },
  {
    label: 'Llama 3.1 / functionary v3.1 <function=name>{…}</function> (llama.cpp functionary-v3-1 parser)',
    format: 'llama-function-tag',
    markup: '<function=read_file>{"path": "src/app.ts"}</function>',
    unclosed: '<function=read_file>{"path": "src/app.ts"}',
    end: '<|eot_id|>',
    unmistakable: false,
    calls: [READ],
    mention: 'Functionary v3.1 writes <function=NAME> followed by JSON.',
  },
  {
    label: 'Mistral [TOOL_CALLS] list (Nemo, Small 3.1; vLLM mistral parser)',
    format: 'mistral',
    markup: '[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "src/app.ts"}, "id": "a1b2c3d4e"}]',
    end: '</s>',
    unmistakable: true,
    calls: [READ],
    mention: 'Mistral marks calls with the [TOOL_CALLS] token.',
  },
  {
    label: 'Mistral v11 [TOOL_CALLS]name[ARGS]{…} (Small 3.2, Devstral; mistral-common v11 tokenizer)',
    format: 'mistral',
    markup: '[TOOL_CALLS]read_file[ARGS]{"path": "src/app.ts"}',
    end: '</s>',
    unmistakable: true,
    calls: [READ],
    mention: 'Devstral separates the name and arguments with [ARGS].',
  },
  {
    label: 'LM Studio [TOOL_REQUEST] (LM Studio tool-use docs)',
    format: 'lmstudio',
    markup: '[TOOL_REQUEST]{"name": "read_file", "arguments": {"path": "src/app.ts"}}[END_TOOL_REQUEST]',
    unclosed: '[TOOL_REQUEST]{"name": "read_file", "arguments": {"path": "src/app.ts"}}',
    unmistakable: true,
    calls: [READ],
    mention: 'LM Studio wraps calls in [TOOL_REQUEST] and [END_TOOL_REQUEST].',
  },
  {
    label: 'JSON in a ```json fence (vLLM #32926, qwen2.5-coder)',
    format: 'json-fence',
    markup: '```json\n{"name": "read_file", "arguments": {"path": "src/app.ts"}}\n```',
    weak: true,
    unmistakable: false,
    calls: [READ],
    mention: 'Configure it in a ```json block of your settings file.',
  },
  {
    label: 'bare JSON (ollama #11185)',
    format: 'bare-json',
    markup: '{"name": "read_file", "arguments": {"path": "src/app.ts"}}',
    weak: true,
    unmistakable: false,
    calls: [READ],
    mention: 'The response is a JSON object like {"ok": true}.',
  },
  // --- formats real servers leak that the spec did not name
  {
    label: '{"tool_calls": […]} wrapper, arguments as a JSON string (gemma3-tools Modelfile, py_llm_hosting)',
    format: 'bare-json',
    markup: '{"tool_calls": [{"type": "function", "function": {"name": "read_file", "arguments": "{\\"path\\": \\"src/app.ts\\"}"}}]}',
    weak: true,
    unmistakable: false,
    calls: [READ],
    mention: 'An empty list looks like {"tool_calls": []} in the reply.',
  },
  {
    label: '{"tool_call": {…}} wrapper',
    format: 'bare-json',
    markup: '{"tool_call": {"name": "read_file", "arguments": {"path": "src/app.ts"}}}',
    weak: true,
    unmistakable: false,
    calls: [READ],
    mention: 'Set {"tool_call": null} to turn it off.',
  },
  {
    label: 'GLM-4.5/4.6 <arg_key>/<arg_value> (vLLM glm4_moe parser)',
    format: 'glm',
    markup: '<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>src/app.ts</arg_value>\n<arg_key>offset</arg_key>\n<arg_value>10</arg_value>\n</tool_call>',
    unclosed: '<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>src/app.ts</arg_value>\n<arg_key>offset</arg_key>\n<arg_value>10</arg_value>',
    end: '<|endoftext|>',
    unmistakable: true,
    calls: [['read_file', {path: 'src/app.ts', offset: 10}]],
    mention: 'Put the name after <tool_call> and each argument in <arg_key> and <arg_value>.',
  },
  {
    label: 'GLM-4.7 without newlines (vLLM glm47 parser; ik_llama.cpp discussion #753)',
    format: 'glm',
    markup: '<tool_call>read_file<arg_key>path</arg_key><arg_value>src/app.ts</arg_value></tool_call>',
    unclosed: '<tool_call>read_file<arg_key>path</arg_key><arg_value>src/app.ts</arg_value>',
    unmistakable: true,
    calls: [READ],
    mention: 'GLM 4.7 puts the name right after <tool_call> with no newline.',
  },
  {
    label: 'MiniMax-M2 <minimax:tool_call><invoke> (MiniMax-M2.5 docs/tool_calling_guide.md)',
    format: 'minimax',
    markup: '<minimax:tool_call>\n<invoke name="read_file">\n<parameter name="path">src/app.ts</parameter>\n<parameter name="offset">10</parameter>\n</invoke>\n</minimax:tool_call>',
    unclosed: '<minimax:tool_call>\n<invoke name="read_file">\n<parameter name="path">src/app.ts</parameter>\n<parameter name="offset">10</parameter>\n</invoke>',
    end: '[e~[',
    unmistakable: true,
    calls: [['read_file', {path: 'src/app.ts', offset: 10}]],
    mention: 'MiniMax puts its calls in <minimax:tool_call> blocks.',
  },
  {
    label: 'MiniMax-M1 <tool_calls> JSON lines (MiniMax-M1 docs/function_call_guide.md)',
    format: 'minimax',
    markup: '<tool_calls>\n{"name": "read_file", "arguments": {"path": "src/app.ts"}}\n{"name": "grep", "arguments": {"pattern": "TODO"}}\n</tool_calls>',
    unclosed: '<tool_calls>\n{"name": "read_file", "arguments": {"path": "src/app.ts"}}\n{"name": "grep", "arguments": {"pattern": "TODO"}}',
    unmistakable: true,
    calls: [READ, ['grep', {pattern: 'TODO'}]],
    mention: 'MiniMax-M1 lists its calls between <tool_calls> tags.',
  },
  {
    label: 'Kimi K2 (ik_llama.cpp examples/server/function_calls.md, vLLM kimi_k2 parser)',
    format: 'kimi-k2',
    markup:
      '<|tool_calls_section_begin|>\n<|tool_call_begin|>functions.read_file:0<|tool_call_argument_begin|>{"path": "src/app.ts"}<|tool_call_end|>\n<|tool_call_begin|>functions.grep:1<|tool_call_argument_begin|>{"pattern": "TODO"}<|tool_call_end|>\n<|tool_calls_section_end|>',
    unclosed: '<|tool_calls_section_begin|>\n<|tool_call_begin|>functions.read_file:0<|tool_call_argument_begin|>{"path": "src/app.ts"}<|tool_call_end|>\n<|tool_call_begin|>functions.grep:1<|tool_call_argument_begin|>{"pattern": "TODO"}',
    end: '<|im_end|>',
    unmistakable: true,
    calls: [READ, ['grep', {pattern: 'TODO'}]],
    mention: 'Kimi opens its calls with <|tool_calls_section_begin|> and numbers each one.',
  },
  {
    label: 'DeepSeek V3 / R1 (vLLM deepseekv3 parser, DeepSeek-V3 chat template)',
    format: 'deepseek',
    markup: '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>read_file\n```json\n{"path": "src/app.ts"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>',
    unclosed: '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>read_file\n```json\n{"path": "src/app.ts"}\n```',
    end: '<｜end▁of▁sentence｜>',
    unmistakable: true,
    calls: [READ],
    mention: 'DeepSeek writes <｜tool▁calls▁begin｜> before its calls.',
  },
  {
    label: 'DeepSeek V3.1 (vLLM deepseekv31 parser)',
    format: 'deepseek',
    markup: '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>read_file<｜tool▁sep｜>{"path": "src/app.ts"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>',
    unclosed: '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>read_file<｜tool▁sep｜>{"path": "src/app.ts"}',
    end: '<｜end▁of▁sentence｜>',
    unmistakable: true,
    calls: [READ],
    mention: 'V3.1 dropped the type before <｜tool▁sep｜> in its calls.',
  },
  {
    label: 'gpt-oss harmony, recipient after the channel (openai-cookbook articles/openai-harmony.md)',
    format: 'harmony',
    markup: '<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path": "src/app.ts"}<|call|>',
    unclosed: '<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path": "src/app.ts"}',
    unmistakable: true,
    calls: [READ],
    mention: 'gpt-oss answers in <|channel|>final<|message|> and plans in the analysis channel.\nThat is all.',
  },
  {
    label: 'gpt-oss harmony, recipient in the role (openai-cookbook: "in the role or channel section")',
    format: 'harmony',
    markup: '<|channel|>commentary to=functions.read_file<|constrain|>json<|message|>{"path": "src/app.ts"}<|call|>',
    unclosed: '<|channel|>commentary to=functions.read_file<|constrain|>json<|message|>{"path": "src/app.ts"}',
    end: '<|return|>',
    unmistakable: true,
    calls: [READ],
    mention: 'Its messages start with <|start|>assistant and a channel.\nThat is all.',
  },
  {
    label: 'Granite 3.x <|tool_call|> list (vLLM granite parser)',
    format: 'granite',
    markup: '<|tool_call|>[{"name": "read_file", "arguments": {"path": "src/app.ts"}}]',
    end: '<|end_of_text|>',
    unmistakable: true,
    calls: [READ],
    mention: 'Granite starts a call with <|tool_call|> followed by a list.',
  },
  {
    label: 'Command R7B / Command A <|START_ACTION|> (transformers cohere response schema test)',
    format: 'command-r',
    markup: '<|START_ACTION|>[\n    {"tool_call_id": "0", "tool_name": "read_file", "parameters": {"path": "src/app.ts"}}\n]<|END_ACTION|>',
    unclosed: '<|START_ACTION|>[\n    {"tool_call_id": "0", "tool_name": "read_file", "parameters": {"path": "src/app.ts"}}\n]',
    end: '<|END_OF_TURN_TOKEN|>',
    unmistakable: true,
    calls: [READ],
    mention: 'Command A marks an action with <|START_ACTION|> and ends it.',
  },
  {
    label: 'Command R / R+ Action: ```json (ollama tools tests, command-r-plus template)',
    format: 'command-r',
    markup: 'Action: ```json\n[\n    {\n        "tool_name": "read_file",\n        "parameters": {\n            "path": "src/app.ts"\n        }\n    }\n]\n```',
    weak: true,
    unmistakable: false,
    calls: [READ],
    mention: 'Action: we read the file next and then fix the bug.',
  },
  {
    label: 'Firefunction v2 functools[…] (llama.cpp firefunction-v2 parser)',
    format: 'functools',
    markup: 'functools[{"name": "read_file", "arguments": {"path": "src/app.ts"}}]',
    end: '<|eot_id|>',
    unmistakable: false,
    calls: [READ],
    mention: 'Python has functools[...] nowhere; use functools.partial instead.',
  },
  {
    label: 'Functionary v3.2 >>>name (llama.cpp functionary-v3-2 parser)',
    format: 'functionary',
    markup: '>>>read_file\n{"path": "src/app.ts"}\n>>>grep\n{"pattern": "TODO"}',
    end: '<|eot_id|>',
    unmistakable: false,
    calls: [READ, ['grep', {pattern: 'TODO'}]],
    mention: 'In the REPL:\n>>> print(1)\n1',
  },
  {
    label: 'Gemma 4 <|tool_call>call:name{…} (llama.cpp peg-gemma4; vLLM gemma4 parser)',
    format: 'gemma',
    markup: '<|tool_call>call:read_file{path:<|"|>src/app.ts<|"|>,offset:10}<tool_call|>',
    unclosed: '<|tool_call>call:read_file{path:<|"|>src/app.ts<|"|>,offset:10}',
    end: '<turn|>',
    unmistakable: true,
    calls: [['read_file', {path: 'src/app.ts', offset: 10}]],
    mention: 'Gemma 4 wraps calls in <|tool_call> and <tool_call|> tokens.',
  },
  {
    label: 'FunctionGemma <start_function_call> (vLLM functiongemma parser)',
    format: 'gemma',
    markup: '<start_function_call>call:read_file{path:<escape>src/app.ts<escape>}<end_function_call>',
    unclosed: '<start_function_call>call:read_file{path:<escape>src/app.ts<escape>}',
    end: '<end_of_turn>',
    unmistakable: true,
    calls: [READ],
    mention: 'FunctionGemma starts a call with <start_function_call> and a name.',
  },
]

const LEAD = "I'll read the file first.\n"
const AFTER = '\nThen I will fix the bug.'
const THINK = '<think>\nThe user wants src/app.ts; read it.\n</think>\n\n'

describe.each(rows)('$label', (row) => {
  const {markup, calls, format} = row
  const extract = (content: string): ReturnType<typeof extractTextToolCalls> => extractTextToolCalls(content, KNOWN, HINTS)

  const runs: Array<[variant: string, content: string, text: string]> = [
    ['as the whole reply', markup, ''],
    ['after a lead-in', LEAD + markup, LEAD.trim()],
    ['after a <think> block, then an end-of-turn token', THINK + markup + (row.end ?? '<|im_end|>'), THINK.trim()],
    ...(row.weak ? [] : [['with prose after it', LEAD + markup + AFTER, `${LEAD.trim()}\n\n${AFTER.trim()}`] as [string, string, string]]),
    ...(row.unclosed ? [['its closing tag missing', LEAD + row.unclosed, LEAD.trim()] as [string, string, string]] : []),
  ]
  test.each(runs)('runs: %s', (_variant, content, text) => {
    const result = extract(content)
    expect(callsOf(result.calls)).toEqual(calls)
    expect(result.format).toBe(format)
    expect(result.text).toBe(text)
    expect(result.unparsed).toEqual([])
  })

  const shown: Array<[variant: string, content: string]> = [
    ['in a code sample', `Here is what such a call looks like:\n\n\`\`\`\`text\n${markup}\n\`\`\`\`\n\nThe server turns it into a call.`],
    ['in a blockquote', `The model replied:\n${markup.split('\n').map((line) => `> ${line}`).join('\n')}\nand nothing ran.`],
    ['a mention of the marker in prose', row.mention],
    ...(markup.includes('\n') || markup.includes('`') ? [] : [['in inline code', `Models write \`${markup}\` to call a tool.`] as [string, string]]),
    ...(row.weak ? [['introduced as an example', `For example:\n${markup}`] as [string, string], ['followed by more prose', `${markup}${AFTER}`] as [string, string]] : []),
  ]
  test.each(shown)('does not run: %s', (_variant, content) => {
    const result = extract(content)
    expect(result.calls).toEqual([])
    expect(result.text).toBe(content)
  })

  test(`a tool that does not exist ${row.unmistakable ? 'still goes to the executor' : 'leaves it text'}`, () => {
    const content = markup.replace('read_file', 'fetch_url')
    const names = extract(content).calls.map((call) => call.name)
    expect(names).toEqual(row.unmistakable ? ['fetch_url', ...calls.slice(1).map(([name]) => name)] : [])
  })

  test('streamed a character at a time, the lead-in is shown and no part of the call', () => {
    const reply = LEAD + markup
    const gate = new TextCallGate()
    const streamed = [...reply].map((piece) => gate.push(piece)).join('')
    expect([LEAD, LEAD.trimEnd()]).toContain(streamed)
    expect((streamed + gate.finish(extract(reply).text)).trimEnd()).toBe(LEAD.trim())
  })

  test('cut anywhere into two pieces, no part of the call is shown while streaming', () => {
    const reply = LEAD + markup
    for (let cut = 0; cut <= reply.length; cut++) {
      const gate = new TextCallGate()
      expect(LEAD.startsWith(gate.push(reply.slice(0, cut)) + gate.push(reply.slice(cut)))).toBe(true)
    }
  })

  test('a mention of the marker streams through before the reply ends', () => {
    const gate = new TextCallGate()
    const streamed = [...`${row.mention}\nMore text follows.`].map((piece) => gate.push(piece)).join('')
    expect(streamed.startsWith(row.mention.trimEnd())).toBe(true)
  })
})

describe('leaked formats: particular cases', () => {
  const recognised: Array<[label: string, content: string, calls: Array<[string, Args]>, format: TextToolCallFormat]> = [
    [
      'GLM with spaces for newlines (ik_llama.cpp discussion #753, GLM-4.5-Air)',
      'Let me search the backend directory: <tool_call>list_files <arg_key>dirPath</arg_key> <arg_value>backend</arg_value> </tool_call>',
      [['list_files', {dirPath: 'backend'}]],
      'glm',
    ],
    ['GLM without arguments, for a tool that exists', '<tool_call>list_files\n</tool_call>', [['list_files', {}]], 'glm'],
    ['GLM: the schema keeps a string of digits a string', '<tool_call>read_file<arg_key>path</arg_key><arg_value>123</arg_value></tool_call>', [['read_file', {path: '123'}]], 'glm'],
    ['GLM: a value with no schema hint that is JSON is read as JSON', '<tool_call>glob<arg_key>patterns</arg_key><arg_value>["*.ts", "*.md"]</arg_value></tool_call>', [['glob', {patterns: ['*.ts', '*.md']}]], 'glm'],
    [
      'Kimi K2 writing MiniMax-style invokes in <tool_call> (ik_llama.cpp function_calls.md)',
      '<tool_call>\n<invoke name="bash">\n<parameter name="command">ls -la</parameter>\n</invoke>\n</tool_call>',
      [['bash', {command: 'ls -la'}]],
      'minimax',
    ],
    [
      'harmony after its analysis message (openai-cookbook, "Receiving tool calls")',
      '<|channel|>analysis<|message|>Need to read the file.<|end|><|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"src/app.ts"}<|call|>',
      [READ],
      'harmony',
    ],
    [
      'Gemma 4: quotes and braces inside a quoted string are kept',
      '<|tool_call>call:write_file{path:<|"|>a.json<|"|>,content:<|"|>{"a": "b, c"}<|"|>}<tool_call|>',
      [['write_file', {path: 'a.json', content: '{"a": "b, c"}'}]],
      'gemma',
    ],
    [
      'Gemma 4: arrays, booleans and two calls in a row',
      '<|tool_call>call:glob{patterns:[<|"|>*.ts<|"|>,<|"|>*.md<|"|>],hidden:false}<tool_call|><|tool_call>call:list_files{}<tool_call|>',
      [['glob', {patterns: ['*.ts', '*.md'], hidden: false}], ['list_files', {}]],
      'gemma',
    ],
    [
      'DeepSeek V3: two calls on separate lines',
      '<｜tool▁calls▁begin｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>read_file\n```json\n{"path": "a"}\n```\n<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>grep\n```json\n{"pattern": "b"}\n```\n<｜tool▁call▁end｜>\n<｜tool▁calls▁end｜>',
      [['read_file', {path: 'a'}], ['grep', {pattern: 'b'}]],
      'deepseek',
    ],
    [
      'Command R7B: two actions',
      '<|START_ACTION|>[\n    {"tool_call_id": "0", "tool_name": "read_file", "parameters": {"path": "a"}},\n    {"tool_call_id": "1", "tool_name": "list_files", "parameters": {}}\n]<|END_ACTION|>',
      [['read_file', {path: 'a'}], ['list_files', {}]],
      'command-r',
    ],
    ['Granite 3.x writing its list after <tool_call> (vLLM granite parser)', '<tool_call>[{"name": "read_file", "arguments": {"path": "src/app.ts"}}]', [READ], 'hermes'],
    ['functools with two calls', 'functools[{"name": "read_file", "arguments": {"path": "a"}}, {"name": "grep", "arguments": {"pattern": "b"}}]', [['read_file', {path: 'a'}], ['grep', {pattern: 'b'}]], 'functools'],
    ['a bare Cohere {"tool_name", "parameters"} object', '{"tool_name": "read_file", "parameters": {"path": "src/app.ts"}}', [READ], 'bare-json'],
  ]
  test.each(recognised)('runs: %s', (_label, content, calls, format) => {
    const result = extractTextToolCalls(content, KNOWN, HINTS)
    expect(callsOf(result.calls)).toEqual(calls)
    expect(result.format).toBe(format)
    expect(result.unparsed).toEqual([])
  })

  const notCalls: Array<[label: string, content: string]> = [
    ['the <tool_call> tag around a word in prose', 'Wrap it in <tool_call>tags</tool_call> as GLM does.'],
    ['a harmony answer on the final channel', '<|channel|>final<|message|>All done.'],
    ['an empty tool_calls list', '{"tool_calls": []}'],
    ['a Python REPL session', 'Try it:\n>>> import json\n>>> json.dumps({"a": 1})\n\'{"a": 1}\''],
    ['functionary syntax with a tool that does not exist first', '>>>fetch_url\n{"url": "https://example.com"}\n>>>read_file\n{"path": "a"}'],
    ['DeepSeek tokens in inline code', 'Its calls start with `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>read_file<｜tool▁sep｜>{"path": "a"}`.'],
    ['Gemma 4 syntax in a fenced sample', '```\n<|tool_call>call:read_file{path:<|"|>a<|"|>}<tool_call|>\n```'],
  ]
  test.each(notCalls)('does not run: %s', (_label, content) => {
    const result = extractTextToolCalls(content, KNOWN, HINTS)
    expect(result.calls).toEqual([])
    expect(result.text).toBe(content)
  })

  const broken: Array<[label: string, content: string]> = [
    ['a Gemma 4 string cut off by the end of the reply', '<|tool_call>call:bash{command:<|"|>rm -rf bui'],
    ['DeepSeek V3.1 with broken JSON', '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>bash<｜tool▁sep｜>{"command": <｜tool▁call▁end｜><｜tool▁calls▁end｜>'],
    ['a MiniMax value cut off', '<minimax:tool_call>\n<invoke name="bash">\n<parameter name="command">rm -rf bu'],
    ['a GLM value cut off', '<tool_call>bash\n<arg_key>command</arg_key>\n<arg_value>rm -rf bu'],
    ['Kimi K2 arguments that are not JSON', '<|tool_calls_section_begin|><|tool_call_begin|>functions.bash:0<|tool_call_argument_begin|>ls -la<|tool_call_end|><|tool_calls_section_end|>'],
    ['harmony arguments cut off', '<|channel|>commentary to=functions.bash <|constrain|>json<|message|>{"command": "rm -rf bu'],
  ]
  test.each(broken)('nothing runs, the markup stays and is reported: %s', (_label, content) => {
    const result = extractTextToolCalls(content, KNOWN, HINTS)
    expect(result.calls).toEqual([])
    expect(result.text).toBe(content)
    expect(result.unparsed).toHaveLength(1)
  })
})
