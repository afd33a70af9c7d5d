/** A plugin tool whose parameters JSON Schema cannot express is left out alone, when it is added; the rest work. */
import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'

const tool = (name: string, parameters: z.ZodObject) => ({name, description: 'A tool.', parameters, mutates: false, targets: () => [], run: async () => ({text: 'ok'})})

describe('parameters that cannot be converted to JSON Schema', () => {
  test.each([
    ['a date', z.object({when: z.date()})],
    ['a bigint', z.object({size: z.bigint()})],
    ['a map', z.object({index: z.map(z.string(), z.number())})],
    ['a symbol inside an array', z.object({keys: z.array(z.symbol())})],
  ])('%s: one warning naming the plugin and the tool; the other tools and their schemas stay', (_name, parameters) => {
    const registry = ToolRegistry.fromContributions([{source: 'odd-plugin', tools: [tool('odd_tool', parameters), tool('fine_tool', z.object({path: z.string()}))]}])
    expect(registry.problems).toEqual([expect.stringMatching(/^plugin odd-plugin: tool "odd_tool" has parameters that cannot be converted to JSON Schema \(.+\); it was left out$/)])
    expect(registry.names()).toEqual(['fine_tool'])
    expect(registry.schemas().map((schema) => schema.function.name)).toEqual(['fine_tool'])
  })

  test('a later good tool still gets its schema after a bad one', () => {
    const registry = ToolRegistry.fromContributions([
      {source: 'a', tools: [tool('first', z.object({}))]},
      {source: 'b', tools: [tool('bad', z.object({when: z.date()})), tool('second', z.object({n: z.number()}))]},
    ])
    expect(registry.schemas().map((schema) => [schema.function.name, Object.keys(schema.function.parameters.properties)])).toEqual([
      ['first', []],
      ['second', ['n']],
    ])
  })
})
