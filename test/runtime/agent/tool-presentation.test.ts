import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {ToolPresentation} from '../../../src/runtime/agent/tool-presentation.js'
import {toolsChars} from '../../../src/runtime/context/context-budget.js'
import type {ChatMessage} from '../../../src/runtime/model/messages.js'
import type {ToolDeclaration} from '../../../src/runtime/tools/tool-declaration.js'
import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'

const sayHi = {
  name: 'say_hi',
  description: 'Say hi.',
  parameters: z.object({who: z.string()}),
  mutates: false,
  targets: () => [],
  run: async () => ({text: 'hi'}),
}
const lookup = {declaration: {...sayHi, name: 'srv__lookup', description: 'Look a word up.'} as unknown as ToolDeclaration, parametersSchema: {type: 'object' as const, properties: {word: {type: 'string'}}, required: ['word']}}
const messages: ChatMessage[] = [
  {role: 'system', content: 'You are a test.'},
  {role: 'user', content: 'hi'},
]

describe('ToolPresentation', () => {
  test('native: the tools field, and its size', () => {
    const registry = ToolRegistry.fromContributions([{source: 'p', tools: [sayHi]}])
    const tools = new ToolPresentation(registry, 'native')
    expect(tools.shape(messages)).toEqual({messages, tools: registry.schemas()})
    expect(tools.chars()).toBe(toolsChars(registry.schemas()))
  })

  test('prompt: no tools field, the tools described in the system message, and no size of their own', () => {
    const registry = ToolRegistry.fromContributions([{source: 'p', tools: [sayHi]}])
    const tools = new ToolPresentation(registry, 'prompt')
    const shape = tools.shape(messages)
    expect(shape.tools).toEqual([])
    expect(shape.messages[0].content).toContain('say_hi')
    expect(tools.chars()).toBe(0)
  })

  test("what is derived from the tools follows the registry when a source's tools come and go (an MCP server)", () => {
    const registry = ToolRegistry.fromContributions([{source: 'p', tools: [sayHi]}])
    const native = new ToolPresentation(registry, 'native')
    const prompt = new ToolPresentation(registry, 'prompt')
    const before = native.chars()
    expect(prompt.shape(messages).messages[0].content).not.toContain('srv__lookup')

    registry.replaceExternal('mcp:srv', [lookup])
    expect(native.chars()).toBeGreaterThan(before)
    expect(prompt.shape(messages).messages[0].content).toContain('srv__lookup')
    expect(prompt.callsIn('{"name": "srv__lookup", "arguments": {"word": "fox"}}').calls).toEqual([expect.objectContaining({name: 'srv__lookup'})])

    registry.replaceExternal('mcp:srv', [])
    expect(native.chars()).toBe(before)
    expect(prompt.shape(messages).messages[0].content).not.toContain('srv__lookup')
  })

  test('a reply with native calls is left as it is; text calls are read from one without', () => {
    const registry = ToolRegistry.fromContributions([{source: 'p', tools: [sayHi]}])
    const tools = new ToolPresentation(registry, 'prompt')
    const native = {content: 'x', reasoning: '', toolCalls: [{id: 'c1', name: 'say_hi', arguments: '{"who":"a"}'}], finishReason: 'tool_calls'}
    expect(tools.readTextCalls(native)).toBe(native)
    const written = tools.readTextCalls({content: '{"name": "say_hi", "arguments": {"who": "b"}}', reasoning: '', toolCalls: [], finishReason: 'stop'})
    expect(written.toolCalls).toEqual([expect.objectContaining({name: 'say_hi', arguments: JSON.stringify({who: 'b'})})])
  })
})
