import {describe, expect, test} from '@jest/globals'

import {classifyServerError, readErrorValue, readServerError, type ServerErrorKind} from '../../../src/runtime/model/server-error.js'
import {extractTextToolCalls} from '../../../src/runtime/model/text-calls/text-tool-calls.js'

// Each body as the server sends it (WIRE.md §3, §4).
const bodies: Array<[name: string, body: string, message: string, kind: ServerErrorKind, hint: RegExp | undefined]> = [
  [
    'llama.cpp without jinja',
    '{"error":{"code":500,"message":"tools param requires --jinja flag","type":"server_error"}}',
    'tools param requires --jinja flag',
    'tools-unsupported',
    /llama-server with --jinja/,
  ],
  [
    'llama.cpp before May 2025, tools with stream',
    '{"error":{"code":500,"message":"Cannot use tools with stream","type":"server_error"}}',
    'Cannot use tools with stream',
    'tools-unsupported',
    /update llama\.cpp/,
  ],
  [
    'ollama, model without the tools capability',
    '{"error":{"message":"registry.ollama.ai/library/gemma3:270m does not support tools","type":"invalid_request_error","param":null,"code":null}}',
    'registry.ollama.ai/library/gemma3:270m does not support tools',
    'tools-unsupported',
    /model with the tools capability/,
  ],
  [
    'vLLM without --enable-auto-tool-choice',
    '{"error":{"message":"\\"auto\\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set","type":"BadRequestError","param":null,"code":400}}',
    '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
    'tools-unsupported',
    /--enable-auto-tool-choice --tool-call-parser <parser>/,
  ],
  [
    'llama.cpp Oct 2025+ context exceeded',
    '{"error":{"code":400,"message":"request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9214,"n_ctx":8192}}',
    'request (9214 tokens) exceeds the available context size (8192 tokens), try increasing it',
    'context-exceeded',
    /context/,
  ],
  [
    'llama.cpp Sep 2025 context exceeded',
    '{"error":{"code":400,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","type":"exceed_context_size_error","n_prompt_tokens":1407,"n_ctx":256}}',
    'the request exceeds the available context size. try increasing the context size or enable context shift',
    'context-exceeded',
    /context/,
  ],
  [
    'llama.cpp, only the type says it',
    '{"error":{"code":400,"message":"too long","type":"exceed_context_size_error"}}',
    'too long',
    'context-exceeded',
    /context/,
  ],
  [
    'vLLM context exceeded',
    '{"error":{"message":"This model\'s maximum context length is 40960 tokens. However, you requested 0 output tokens and your prompt contains at least 40961 input tokens, for a total of at least 40961 tokens. Please reduce the length of the input prompt or the number of requested output tokens. (parameter=input_tokens, value=40961)","type":"BadRequestError","param":"input_tokens","code":400}}',
    "This model's maximum context length is 40960 tokens. However, you requested 0 output tokens and your prompt contains at least 40961 input tokens, for a total of at least 40961 tokens. Please reduce the length of the input prompt or the number of requested output tokens. (parameter=input_tokens, value=40961)",
    'context-exceeded',
    /context/,
  ],
  [
    'LM Studio whole reply, string error',
    '{"error":"The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 13055>= n_ctx: 4096). Try to load the model with a larger context length, or provide a shorter input."}',
    'The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 13055>= n_ctx: 4096). Try to load the model with a larger context length, or provide a shorter input.',
    'context-exceeded',
    /context/,
  ],
  [
    'LM Studio streamed error event data',
    '{"error":{"message":"Input does not fit in context length. The input has 31430 tokens, but the context length only supports 30000 tokens."},"message":"Input does not fit in context length. The input has 31430 tokens, but the context length only supports 30000 tokens."}',
    'Input does not fit in context length. The input has 31430 tokens, but the context length only supports 30000 tokens.',
    'context-exceeded',
    /context/,
  ],
  [
    'ollama model not found',
    '{"error":{"message":"model \'qwen2.5:7b\' not found","type":"not_found_error","param":null,"code":null}}',
    "model 'qwen2.5:7b' not found",
    'model-not-found',
    /model list/,
  ],
  [
    'vLLM ≤ 0.10.0 top-level envelope, model not found',
    '{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":null,"code":404}',
    'The model `x` does not exist.',
    'model-not-found',
    /model list/,
  ],
  [
    'LM Studio model_not_found code',
    '{"error":{"message":"No models loaded with that name","type":"invalid_request_error","param":"model","code":"model_not_found"}}',
    'No models loaded with that name',
    'model-not-found',
    /model list/,
  ],
  ['ollama native /api string error', '{"error":"something broke in the runner"}', 'something broke in the runner', 'other', undefined],
  ['FastAPI route error', '{"detail":"Not Found"}', 'Not Found', 'other', undefined],
  ['not JSON', 'Bad Gateway\n', 'Bad Gateway', 'other', undefined],
  ['JSON without a known envelope', '{"oops":true}', '{"oops":true}', 'other', undefined],
]

describe('readServerError + classifyServerError', () => {
  test.each(bodies)('%s', (_name, body, message, kind, hint) => {
    const read = readServerError(body)
    expect(read?.message).toBe(message)
    const classified = classifyServerError(read ?? {message: ''})
    expect(classified.kind).toBe(kind)
    if (hint) expect(classified.hint).toMatch(hint)
    else expect(classified.hint).toBeUndefined()
  })

  test('llama.cpp tool-call parse failure exposes the text after `pos N: `', () => {
    const body = '{"error":{"code":500,"message":"Failed to parse input at pos 12: <tool_call>\\n{\\"name\\": \\"read_file\\", \\"arguments\\": {\\"path\\": \\"a\\"}\\n</tool_call>","type":"server_error"}}'
    const classified = classifyServerError(readServerError(body) ?? {message: ''})
    expect(classified).toMatchObject({kind: 'tool-call-parse-failed', server: 'llama.cpp'})
    expect(classified.toolCallText).toBe('<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}\n</tool_call>')
  })

  const qwenCall = '<tool_call>\n<function=bash>\n<parameter=command>\nls\n</parameter>\n</function>\n</tool_call>'
  test.each([
    ['a Qwen3-Coder XML call', `Failed to parse input at pos 12: ${qwenCall}`, qwenCall],
    ['an orphan closer (llama.cpp #20761)', 'Failed to parse input at pos 12: </tool_call>', '</tool_call>'],
    ['nothing after the position', 'Failed to parse input at pos 0: ', ''],
  ])('parse failure with %s: the text after `pos N: `', (_name, message, toolCallText) => {
    expect(classifyServerError({message})).toMatchObject({kind: 'tool-call-parse-failed', toolCallText})
  })

  test('the text of a parse failure yields the call it held', () => {
    const {toolCallText} = classifyServerError({message: `Failed to parse input at pos 72: ${qwenCall}`})
    const {calls} = extractTextToolCalls(toolCallText ?? '', ['bash'], {bash: {command: 'string'}})
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([['bash', {command: 'ls'}]])
  })

  test('a parse failure wins over phrases inside the unparsed text', () => {
    const classified = classifyServerError({message: 'Failed to parse input at pos 0: the model `x` does not exist, maximum context length'})
    expect(classified.kind).toBe('tool-call-parse-failed')
    expect(classified.toolCallText).toBe('the model `x` does not exist, maximum context length')
  })

  test.each([['llama.cpp', 'tools param requires --jinja flag'], ['ollama', 'm does not support tools'], ['vLLM', '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set']])(
    'tools refusal names %s',
    (server, message) => {
      expect(classifyServerError({message}).server).toBe(server)
    },
  )

  test('type and code are kept', () => {
    expect(readServerError('{"error":{"code":400,"message":"m","type":"exceed_context_size_error"}}')).toEqual({message: 'm', type: 'exceed_context_size_error', code: 400})
  })

  test('empty bodies have no message', () => {
    expect(readServerError('')).toBeUndefined()
    expect(readServerError('  \n')).toBeUndefined()
  })

  test('a long non-JSON body is cut', () => {
    const read = readServerError(`<html>${'x'.repeat(2000)}</html>`)
    expect(read?.message.length).toBeLessThan(600)
    expect(read?.message.endsWith('…')).toBe(true)
  })

  test('readErrorValue takes the error value an SSE line carried', () => {
    expect(readErrorValue({code: 500, message: 'boom', type: 'server_error'})).toEqual({message: 'boom', code: 500, type: 'server_error'})
    expect(readErrorValue('plain')).toEqual({message: 'plain'})
    expect(readErrorValue({message: {nested: true}})).toEqual({message: '{"nested":true}'})
    expect(readErrorValue(undefined)).toBeUndefined()
  })
})
