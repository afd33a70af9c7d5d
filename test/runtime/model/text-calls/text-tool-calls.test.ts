import {describe, expect, test} from '@jest/globals'
import type {ToolCall} from '../../../../src/runtime/model/messages.js'
import type {ToolSchema} from '../../../../src/runtime/tools/tool-schema.js'
import {schemaHintsFromTools} from '../../../../src/runtime/model/text-calls/schema-hints.js'
import {extractTextToolCalls, type TextToolCallFormat} from '../../../../src/runtime/model/text-calls/text-tool-calls.js'
import {describeToolsForPrompt, formatToolCallsAsText} from '../../../../src/runtime/model/text-calls/tool-prompt.js'

const KNOWN = ['read_file', 'write_file', 'edit_file', 'bash', 'grep', 'list_files', 'glob']

type Args = Record<string, unknown>
const callsOf = (calls: ToolCall[]): Array<[string, Args]> => calls.map((c) => [c.name, JSON.parse(c.arguments) as Args])

// Shapes reconstructed from public reports; the source is named in each label.
const recognised: Array<[label: string, content: string, calls: Array<[string, Args]>, text: string, format: TextToolCallFormat]> = [
  // --- Hermes / Qwen <tool_call> JSON
  ['WIRE §3 hermes', '<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}\n</tool_call>', [['read_file', {path: 'a'}]], '', 'hermes'],
  [
    'hermes: lead-in, two calls, <|im_end|> (vLLM hermes parser, Qwen 2.5)',
    'Let me look at both.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a.ts"}}\n</tool_call>\n<tool_call>\n{"name": "grep", "arguments": {"pattern": "TODO"}}\n</tool_call><|im_end|>',
    [['read_file', {path: 'a.ts'}], ['grep', {pattern: 'TODO'}]],
    'Let me look at both.',
    'hermes',
  ],
  ['hermes: no closing tag at the end', 'Reading.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}', [['read_file', {path: 'a'}]], 'Reading.', 'hermes'],
  [
    'hermes: arguments as a JSON string (Granite 4 via vLLM #54964)',
    '<tool_call>{"name": "grep", "arguments": "{\\n  \\"pattern\\": \\"max_connections\\"\\n}"}</tool_call>',
    [['grep', {pattern: 'max_connections'}]],
    '',
    'hermes',
  ],
  [
    'hermes: a literal </tool_call> inside an argument (vLLM #45167)',
    '<tool_call>\n{"name": "write_file", "arguments": {"path": "notes.md", "content": "wrap calls in </tool_call> tags"}}\n</tool_call>',
    [['write_file', {path: 'notes.md', content: 'wrap calls in </tool_call> tags'}]],
    '',
    'hermes',
  ],
  [
    'hermes: final brace missing before the closing tag',
    '<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}\n</tool_call>',
    [['read_file', {path: 'a'}]],
    '',
    'hermes',
  ],
  [
    'hermes: opening tag lost, closing tag kept (hermes-agent #742)',
    'I need the file first.\n{"name": "read_file", "arguments": {"path": "src/app.ts"}}\n</tool_call>',
    [['read_file', {path: 'src/app.ts'}]],
    'I need the file first.',
    'hermes',
  ],
  [
    'hermes: JSON fenced inside the tag',
    '<tool_call>\n```json\n{"name": "list_files", "arguments": {"path": "."}}\n```\n</tool_call>',
    [['list_files', {path: '.'}]],
    '',
    'hermes',
  ],
  [
    'hermes: OpenAI function shape inside the tag',
    '<tool_call>{"type": "function", "function": {"name": "bash", "arguments": {"command": "ls"}}}</tool_call>',
    [['bash', {command: 'ls'}]],
    '',
    'hermes',
  ],
  [
    'hermes: text after the call stays text',
    '<tool_call>\n{"name": "bash", "arguments": {"command": "npm test"}}\n</tool_call>\nI will report the results.',
    [['bash', {command: 'npm test'}]],
    'I will report the results.',
    'hermes',
  ],
  [
    'hermes: an unknown name behind a marker is still a call (the loop answers it)',
    '<tool_call>\n{"name": "search_web", "arguments": {"query": "zod 4"}}\n</tool_call>',
    [['search_web', {query: 'zod 4'}]],
    '',
    'hermes',
  ],
  [
    'hermes: a code fence inside an argument does not hide the call',
    '<tool_call>\n{"name": "write_file", "arguments": {"path": "README.md", "content": "# Demo\n```sh\nnpm i\n```\n"}}\n</tool_call>',
    [['write_file', {path: 'README.md', content: '# Demo\n```sh\nnpm i\n```\n'}]],
    '',
    'hermes',
  ],
  // --- Qwen3-Coder XML
  [
    'qwen3-coder XML (llama.cpp Failed to parse, pwilkin/llama.cpp #9)',
    '<tool_call>\n<function=bash>\n<parameter=command>\ncd /home/u/dev/app && git status\n</parameter>\n<parameter=description>\nCheck git status\n</parameter>\n</function>\n</tool_call>',
    [['bash', {command: 'cd /home/u/dev/app && git status', description: 'Check git status'}]],
    '',
    'qwen3-coder-xml',
  ],
  [
    'qwen3-coder XML: several tool_call blocks in a row',
    '<tool_call>\n<function=read_file>\n<parameter=path>\n.planning/STATE.md\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n<function=read_file>\n<parameter=path>\n.planning/ROADMAP.md\n</parameter>\n</function>\n</tool_call>',
    [['read_file', {path: '.planning/STATE.md'}], ['read_file', {path: '.planning/ROADMAP.md'}]],
    '',
    'qwen3-coder-xml',
  ],
  [
    'qwen3-coder XML: <tool_call> opener dropped, orphan closer (ollama #16686)',
    "I'll use the glob tool to list all markdown files.\n\n<function=glob>\n<parameter=pattern>\n*.md\n</parameter>\n</function>\n</tool_call>",
    [['glob', {pattern: '*.md'}]],
    "I'll use the glob tool to list all markdown files.",
    'qwen3-coder-xml',
  ],
  [
    'qwen3-coder XML under the hermes parser: closers missing (vLLM #21571)',
    '<tool_call>\n<function=grep>\n<parameter=max_count>\n1024\n\n\n</tool_call>',
    [['grep', {max_count: 1024}]],
    '',
    'qwen3-coder-xml',
  ],
  [
    'qwen3-coder XML: </parameter> missing before the next parameter, </function> missing',
    '<tool_call>\n<function=edit_file>\n<parameter=path>\nsrc/a.ts\n<parameter=old_string>\nlet x = 1\n</parameter>\n<parameter=new_string>\nconst x = 1\n</parameter>\n</tool_call>',
    [['edit_file', {path: 'src/a.ts', old_string: 'let x = 1', new_string: 'const x = 1'}]],
    '',
    'qwen3-coder-xml',
  ],
  [
    'qwen3-coder XML: a multi-line value keeps its inner newlines, fences and indentation',
    '<tool_call>\n<function=write_file>\n<parameter=path>\nREADME.md\n</parameter>\n<parameter=content>\n# Title\n\n```js\n  console.log(1)\n```\n\n</parameter>\n</function>\n</tool_call>',
    [['write_file', {path: 'README.md', content: '# Title\n\n```js\n  console.log(1)\n```\n'}]],
    '',
    'qwen3-coder-xml',
  ],
  [
    'qwen3-coder XML: a function without parameters',
    '<tool_call>\n<function=list_files>\n</function>\n</tool_call>',
    [['list_files', {}]],
    '',
    'qwen3-coder-xml',
  ],
  // --- Llama 3.1+
  [
    'llama 3.1 python_tag with parameters',
    '<|python_tag|>{"name": "read_file", "parameters": {"path": "a"}}<|eom_id|>',
    [['read_file', {path: 'a'}]],
    '',
    'llama-python-tag',
  ],
  [
    'llama 3.1 python_tag, several calls separated by ;',
    '<|python_tag|>{"name": "read_file", "parameters": {"path": "a"}}; {"name": "grep", "parameters": {"pattern": "b"}}',
    [['read_file', {path: 'a'}], ['grep', {pattern: 'b'}]],
    '',
    'llama-python-tag',
  ],
  [
    'llama 3.1 custom <function=name>{…}</function> (LocalAI #3010)',
    '<function=read_file>{"path": "Boston.md"}</function>',
    [['read_file', {path: 'Boston.md'}]],
    '',
    'llama-function-tag',
  ],
  [
    'llama 3.2 JSON call {"type": "function", "name", "parameters"}',
    '{"type": "function", "name": "grep", "parameters": {"pattern": "useState", "path": "src"}}',
    [['grep', {pattern: 'useState', path: 'src'}]],
    '',
    'bare-json',
  ],
  [
    'llama 3.2 {"name", "parameters"} as the whole reply (TheFes/ha-blueprints #67)',
    '{"name":"list_files","parameters":{"path":"docs"}}',
    [['list_files', {path: 'docs'}]],
    '',
    'bare-json',
  ],
  // --- Mistral
  [
    'mistral [TOOL_CALLS] JSON list with ids (mlx-lm #1374, Ministral / Nemo)',
    '[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "/tmp/test.txt"}, "id": "abcdefghi"}]</s>',
    [['read_file', {path: '/tmp/test.txt'}]],
    '',
    'mistral',
  ],
  [
    'mistral [TOOL_CALLS] then a space (Mistral-Small-Instruct-2409 template)',
    '[TOOL_CALLS] [{"name": "grep", "arguments": {"pattern": "x"}}, {"name": "glob", "arguments": {"pattern": "*.ts"}}]',
    [['grep', {pattern: 'x'}], ['glob', {pattern: '*.ts'}]],
    '',
    'mistral',
  ],
  [
    'mistral name[ARGS] repeated, then prose (mlx-lm #1448)',
    '[TOOL_CALLS]grep[ARGS]{"pattern": "TODO"}[TOOL_CALLS]read_file[ARGS]{"path": "a.ts"}\n\nLet me search for that.',
    [['grep', {pattern: 'TODO'}], ['read_file', {path: 'a.ts'}]],
    'Let me search for that.',
    'mistral',
  ],
  [
    'mistral name[CALL_ID]id[ARGS]',
    '[TOOL_CALLS]bash[CALL_ID]a1b2c3d4e[ARGS]{"command": "ls"}',
    [['bash', {command: 'ls'}]],
    '',
    'mistral',
  ],
  // --- LM Studio
  [
    'LM Studio [TOOL_REQUEST]',
    '[TOOL_REQUEST]{"name": "read_file", "arguments": {"path": "a"}}[END_TOOL_REQUEST]',
    [['read_file', {path: 'a'}]],
    '',
    'lmstudio',
  ],
  // --- Fenced and bare JSON
  [
    'qwen2.5-coder ```json fence as the whole reply (vLLM #32926)',
    '```json\n{"name": "read_file", "arguments": {"path": "test.txt"}}\n```',
    [['read_file', {path: 'test.txt'}]],
    '',
    'json-fence',
  ],
  [
    'qwen2.5-coder: short lead-in, then the fence',
    "To read the file, I'll use the `read_file` tool:\n\n```json\n{\n  \"name\": \"read_file\",\n  \"arguments\": {\n    \"path\": \"AGENTS.md\"\n  }\n}\n```",
    [['read_file', {path: 'AGENTS.md'}]],
    "To read the file, I'll use the `read_file` tool:",
    'json-fence',
  ],
  ['unlabelled fence', '```\n{"name": "bash", "arguments": {"command": "pwd"}}\n```', [['bash', {command: 'pwd'}]], '', 'json-fence'],
  [
    'a whole reply that is a <tool_call> in an unlabelled fence',
    '```\n<tool_call>\n{"name": "bash", "arguments": {"command": "pwd"}}\n</tool_call>\n```',
    [['bash', {command: 'pwd'}]],
    '',
    'json-fence',
  ],
  [
    '```tool_call fence holding two calls',
    '```tool_call\n{"name": "grep", "arguments": {"pattern": "a"}}\n{"name": "grep", "arguments": {"pattern": "b"}}\n```',
    [['grep', {pattern: 'a'}], ['grep', {pattern: 'b'}]],
    '',
    'json-fence',
  ],
  [
    'bare JSON as the whole reply (ollama #11185, qwen3:32b)',
    '{"name": "grep", "arguments": {"pattern": "accidents, tribunal de Versailles", "path": "notes"}}',
    [['grep', {pattern: 'accidents, tribunal de Versailles', path: 'notes'}]],
    '',
    'bare-json',
  ],
  [
    'two bare objects on touching lines (sgomez/ollama-ai-provider #11)',
    '{\n  "name": "read_file",\n  "arguments": {\n    "path": "a"\n  }\n} {\n  "name": "read_file",\n  "arguments": {\n    "path": "b"\n  }\n}',
    [['read_file', {path: 'a'}], ['read_file', {path: 'b'}]],
    '',
    'bare-json',
  ],
  [
    'a bare JSON array of calls (mistral-common #73)',
    '[{"name": "edit_file", "arguments": {"path": "a", "old_string": "x", "new_string": "y"}}, {"name": "bash", "arguments": {"command": "npm test"}}]',
    [['edit_file', {path: 'a', old_string: 'x', new_string: 'y'}], ['bash', {command: 'npm test'}]],
    '',
    'bare-json',
  ],
  [
    'OpenAI call shape written as a Python dict (smolagents #375)',
    "{'id': 'call_5', 'type': 'function', 'function': {'name': 'bash', 'arguments': {'command': 'python -V', 'background': False, 'timeout': None}}}",
    [['bash', {command: 'python -V', background: false, timeout: null}]],
    '',
    'bare-json',
  ],
  [
    'trailing commas',
    '{"name": "read_file", "arguments": {"path": "a", "offset": 10,},}',
    [['read_file', {path: 'a', offset: 10}]],
    '',
    'bare-json',
  ],
  [
    'final brace missing at the very end',
    'Checking.\n{"name": "read_file", "arguments": {"path": "a"}',
    [['read_file', {path: 'a'}]],
    'Checking.',
    'bare-json',
  ],
  [
    'arguments encoded twice',
    JSON.stringify({name: 'grep', arguments: JSON.stringify(JSON.stringify({pattern: 'x'}))}),
    [['grep', {pattern: 'x'}]],
    '',
    'bare-json',
  ],
  [
    'bare JSON followed by <|eot_id|>',
    '{"name": "list_files", "arguments": {}}<|eot_id|>',
    [['list_files', {}]],
    '',
    'bare-json',
  ],
  [
    'Windows path with unescaped backslashes (openclaude #1508)',
    '{"name": "read_file", "arguments": {"path": "C:\\Users\\admin\\Desktop\\Development\\file.txt"}}',
    [['read_file', {path: 'C:\\Users\\admin\\Desktop\\Development\\file.txt'}]],
    '',
    'bare-json',
  ],
  [
    'raw newlines inside a JSON string',
    '{"name": "write_file", "arguments": {"path": "a.py", "content": "print(1)\nprint(2)\n"}}',
    [['write_file', {path: 'a.py', content: 'print(1)\nprint(2)\n'}]],
    '',
    'bare-json',
  ],
  [
    'JSON for some other API stays text; the tool call at the end counts',
    'The API wants {"name": "ping"}:\n{"name": "ping", "arguments": {}}\nLet me read the client.\n{"name": "read_file", "arguments": {"path": "client.ts"}}',
    [['read_file', {path: 'client.ts'}]],
    'The API wants {"name": "ping"}:\n{"name": "ping", "arguments": {}}\nLet me read the client.',
    'bare-json',
  ],
  [
    'the tag named in a sentence, then a real call',
    'I will now emit a <tool_call> block:\n<tool_call>{"name": "bash", "arguments": {"command": "ls"}}</tool_call>',
    [['bash', {command: 'ls'}]],
    'I will now emit a <tool_call> block:',
    'hermes',
  ],
  [
    'a marker call first, then a bare call at the end',
    '<tool_call>{"name": "read_file", "arguments": {"path": "a"}}</tool_call>\n{"name": "read_file", "arguments": {"path": "b"}}',
    [['read_file', {path: 'a'}], ['read_file', {path: 'b'}]],
    '',
    'hermes',
  ],
]

describe('extractTextToolCalls: recognised', () => {
  test.each(recognised)('%s', (_label, content, calls, text, format) => {
    const result = extractTextToolCalls(content, KNOWN)
    expect(callsOf(result.calls)).toEqual(calls)
    expect(result.text).toBe(text)
    expect(result.format).toBe(format)
    expect(result.unparsed).toEqual([])
  })

  test('ids are 9 letters or digits (Mistral templates insist) and differ within a reply', () => {
    const {calls} = extractTextToolCalls(recognised[1][1], KNOWN)
    expect(calls).toHaveLength(2)
    for (const call of calls) expect(call.id).toMatch(/^[A-Za-z0-9]{9}$/)
    expect(calls[0].id).not.toBe(calls[1].id)
  })

  test('arguments are always the JSON text of an object', () => {
    for (const [, content] of recognised) {
      for (const call of extractTextToolCalls(content, KNOWN).calls) {
        const args: unknown = JSON.parse(call.arguments)
        expect(typeof args === 'object' && args !== null && !Array.isArray(args)).toBe(true)
      }
    }
  })

  test('a key named __proto__ stays a plain key', () => {
    const {calls} = extractTextToolCalls('{"name": "grep", "arguments": {"__proto__": {"polluted": true}, "pattern": "x"}}', KNOWN)
    expect(calls).toHaveLength(1)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(JSON.parse(calls[0].arguments)).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "pattern": "x"}'))
  })
})

// Text that contains something call-like but is not a call: nothing is run and the text is untouched.
const notCalls: Array<[label: string, content: string]> = [
  [
    'an example request in prose, more prose after it',
    'Here is an example request:\n```json\n{"name": "read_file", "arguments": {"path": "a"}}\n```\nyou could send this to the server.',
  ],
  ['an example as the last thing, introduced as one', 'For example:\n```json\n{"name": "read_file", "arguments": {"path": "a"}}\n```'],
  ['the lead-in names the format', 'The call format is:\n{"name": "bash", "arguments": {"command": "ls"}}'],
  ['a package.json sample', 'A minimal package.json:\n```json\n{"name": "my-app", "version": "1.0.0", "private": true}\n```'],
  ['a package.json whose name is a tool name', '{"name": "grep", "version": "1.0.0", "dependencies": {}}'],
  ['a call-shaped object with extra keys', '{"name": "read_file", "arguments": {"path": "a"}, "description": "Reads a file"}'],
  ['a tool name that is not known', '{"name": "search_web", "arguments": {"query": "zod 4"}}'],
  ['one known and one unknown call', '{"name": "read_file", "arguments": {"path": "a"}}\n{"name": "search_web", "arguments": {"query": "x"}}'],
  ['a JSON object in a JavaScript fence', '```js\n{"name": "read_file", "arguments": {"path": "a"}}\n```'],
  ['a call in a Python fence', '```python\nclient.call({"name": "bash", "arguments": {"command": "ls"}})\n```'],
  [
    'the Qwen3 format documented in an xml fence (vLLM #57541)',
    'Here is what a tool call looks like:\n\n```xml\n<tool_call>\n<function=bash>\n<parameter=command>ls -la</parameter>\n</function>\n</tool_call>\n```\n\nThat is the format.',
  ],
  ['a marker in an unlabelled ~~~ fence, explained after', '~~~\n<tool_call>{"name": "bash", "arguments": {"command": "ls"}}</tool_call>\n~~~\nThe server turns this into a call.'],
  ['a marker in inline code', 'Models write `<tool_call>{"name": "bash", "arguments": {}}</tool_call>` to call a tool.'],
  ['a marker in a blockquote', 'The model replied:\n> <tool_call>{"name": "bash", "arguments": {"command": "ls"}}</tool_call>\nwhich was parsed.'],
  ['bare JSON in a blockquote', '> {"name": "bash", "arguments": {"command": "ls"}}'],
  ['a call in the middle of prose', 'First:\n{"name": "bash", "arguments": {"command": "ls"}}\nThen check the output yourself.'],
  [
    'two example calls, the second at the end',
    'You can call it like so:\n{"name": "grep", "arguments": {"pattern": "a"}}\nor with a path:\n{"name": "grep", "arguments": {"pattern": "a", "path": "src"}}',
  ],
  ['a tool definition echoed back', '{"type": "function", "function": {"name": "read_file", "description": "Read a file", "parameters": {"type": "object", "properties": {"path": {"type": "string"}}}}}'],
  ['a schema where the arguments should be', '{"name": "read_file", "parameters": {"type": "object", "properties": {"path": {"type": "string"}}}}'],
  ['a bare <function=…> with an unknown name', '<function=fetch_url>\n<parameter=url>\nhttps://example.com\n</parameter>\n</function>'],
  ['a long explanation before a trailing call', `${'This module reads files and explains them in detail. '.repeat(14)}\n{"name": "read_file", "arguments": {"path": "a"}}`],
  ['a JSON config at the end with no name', 'Set this in tsconfig.json:\n{"compilerOptions": {"strict": true}}'],
  ['the tag named in a sentence', 'I cannot emit <tool_call> blocks here, and [TOOL_REQUEST] is not needed.'],
  ['prose that names a tool', 'I used read_file and grep to look at the code; the bug is in parse().'],
]

describe('extractTextToolCalls: not calls', () => {
  test.each(notCalls)('%s', (_label, content) => {
    const result = extractTextToolCalls(content, KNOWN)
    expect(result.calls).toEqual([])
    expect(result.text).toBe(content)
    expect(result.format).toBeUndefined()
  })
})

describe('extractTextToolCalls: broken markup', () => {
  const broken: Array<[label: string, content: string, unparsed: string]> = [
    ['hermes with broken JSON', 'Let me check.\n<tool_call>\n{"name": "read_file", "arguments": {"path": }}\n</tool_call>', '<tool_call>\n{"name": "read_file", "arguments": {"path": }}\n</tool_call>'],
    ['qwen3-coder value cut off by the end of the reply', '<tool_call>\n<function=bash>\n<parameter=command>\nrm -rf build && npm run', '<tool_call>\n<function=bash>\n<parameter=command>\nrm -rf build && npm run'],
    ['qwen3-coder truncated after the function name (pwilkin/llama.cpp #9)', '<tool_call>\n<function=task>\n<', '<tool_call>\n<function=task>\n<'],
    ['python_tag with code, not JSON', '<|python_tag|>print(sum(range(10)))<|eom_id|>', '<|python_tag|>print(sum(range(10)))'],
  ]
  test.each(broken)('%s: nothing runs, the markup stays in the text and is reported', (_label, content, unparsed) => {
    const result = extractTextToolCalls(content, KNOWN)
    expect(result.calls).toEqual([])
    expect(result.unparsed).toEqual([unparsed])
    expect(result.text).toBe(content.replace(/<\|eom_id\|>$/, ''))
  })
})

describe('extractTextToolCalls: end-of-turn tokens', () => {
  test.each([
    ['Done.<|im_end|>', 'Done.'],
    ['Done.<|eot_id|>\n', 'Done.'],
    ['Done.</s>', 'Done.'],
    ['Use </s> to end a turn.', 'Use </s> to end a turn.'],
  ])('%j → text %j', (content, text) => {
    expect(extractTextToolCalls(content, KNOWN).text).toBe(text)
  })
})

describe('extractTextToolCalls: Qwen3-Coder parameter types', () => {
  const xml = (params: Record<string, string>): string =>
    `<tool_call>\n<function=read_file>\n${Object.entries(params)
      .map(([k, v]) => `<parameter=${k}>\n${v}\n</parameter>`)
      .join('\n')}\n</function>\n</tool_call>`

  test('without hints, values that look like JSON numbers, booleans, arrays or objects are parsed', () => {
    const content = xml({path: 'a.ts', offset: '10', raw: 'true', ids: '[1, 2]', opts: '{"a": 1}', version: '007', text: 'hello'})
    expect(callsOf(extractTextToolCalls(content, KNOWN).calls)).toEqual([
      ['read_file', {path: 'a.ts', offset: 10, raw: true, ids: [1, 2], opts: {a: 1}, version: '007', text: 'hello'}],
    ])
  })

  test('with hints, a string parameter stays a string and the others are coerced', () => {
    const content = xml({path: '123', offset: '10', raw: 'TRUE', ids: '["a"]', limit: 'ten'})
    const hints = {read_file: {path: 'string', offset: 'integer', raw: 'boolean', ids: 'array', limit: 'number'} as const}
    expect(callsOf(extractTextToolCalls(content, KNOWN, hints).calls)).toEqual([
      ['read_file', {path: '123', offset: 10, raw: true, ids: ['a'], limit: 'ten'}],
    ])
  })

  test('tool and parameter names that are Object.prototype keys get no hint', () => {
    const content = '<tool_call>\n<function=constructor>\n<parameter=name>\n5\n</parameter>\n<parameter=toString>\nx\n</parameter>\n</function>\n</tool_call>'
    expect(callsOf(extractTextToolCalls(content, KNOWN, {read_file: {path: 'string'}}).calls)).toEqual([['constructor', {name: 5, toString: 'x'}]])
  })

  test('schemaHintsFromTools reads the property types, nullable ones included', () => {
    const tools: ToolSchema[] = [
      {
        type: 'function',
        function: {
          name: 'read_file',
          description: 'Read a file.',
          parameters: {
            type: 'object',
            properties: {
              path: {type: 'string'},
              offset: {type: ['integer', 'null']},
              limit: {anyOf: [{type: 'number'}, {type: 'null'}]},
              mode: {enum: ['a', 'b']},
            },
            required: ['path'],
            additionalProperties: false,
          },
        },
      },
    ]
    expect(schemaHintsFromTools(tools)).toEqual({read_file: {path: 'string', offset: 'integer', limit: 'number'}})
  })
})

const TOOLS: ToolSchema[] = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a text file.',
      parameters: {
        type: 'object',
        properties: {
          path: {type: 'string', description: 'File to read, relative to the project root'},
          offset: {type: 'integer', description: 'First line, 1-based', default: 1},
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'glob',
      description: 'Find files by pattern.',
      parameters: {
        type: 'object',
        properties: {
          patterns: {type: 'array', items: {type: 'string'}},
          kind: {type: 'string', enum: ['file', 'dir']},
        },
        required: ['patterns'],
        additionalProperties: false,
      },
    },
  },
]

describe('describeToolsForPrompt', () => {
  const prompt = describeToolsForPrompt(TOOLS)

  test('names every tool with its description and each parameter with type, requiredness and default', () => {
    expect(prompt).toContain('## read_file\nRead a text file.')
    expect(prompt).toContain('- path (string, required): File to read, relative to the project root')
    expect(prompt).toContain('- offset (integer, default 1): First line, 1-based')
    expect(prompt).toContain('- patterns (string[], required)')
    expect(prompt).toContain('- kind ("file" | "dir")')
  })

  test('shows the exact call format, and a model that follows it is understood', () => {
    expect(prompt).toContain('<tool_call>\n{"name": "TOOL_NAME", "arguments": {"PARAMETER": "VALUE"}}\n</tool_call>')
    const followed = prompt
      .slice(prompt.indexOf('<tool_call>'), prompt.indexOf('</tool_call>') + '</tool_call>'.length)
      .replace('TOOL_NAME', 'read_file')
      .replace('"PARAMETER": "VALUE"', '"path": "a.ts"')
    expect(callsOf(extractTextToolCalls(followed, ['read_file']).calls)).toEqual([['read_file', {path: 'a.ts'}]])
  })

  test('stays compact: well under 1,000 characters for two tools', () => {
    expect(prompt.length).toBeLessThan(1000)
  })
})

describe('formatToolCallsAsText', () => {
  test('writes <tool_call> blocks that read back as the same calls', () => {
    const calls: ToolCall[] = [
      {id: 'a', name: 'read_file', arguments: '{"path":"a.ts"}'},
      {id: 'b', name: 'bash', arguments: '{"command":"echo \\"hi\\"\\nls"}'},
      {id: 'c', name: 'list_files', arguments: ''},
    ]
    const text = formatToolCallsAsText(calls)
    expect(text.split('<tool_call>').length - 1).toBe(3)
    expect(callsOf(extractTextToolCalls(text, KNOWN).calls)).toEqual([
      ['read_file', {path: 'a.ts'}],
      ['bash', {command: 'echo "hi"\nls'}],
      ['list_files', {}],
    ])
  })

  test('arguments that were never valid JSON are shown as the model sent them', () => {
    expect(formatToolCallsAsText([{id: 'a', name: 'bash', arguments: 'ls -la'}])).toBe(
      '<tool_call>\n{"name":"bash","arguments":"ls -la"}\n</tool_call>',
    )
  })
})
