import {describe, expect, test} from '@jest/globals'
import {z} from 'zod'

import {declarationProblem, ToolRegistry} from '../../../src/runtime/tools/tool-registry.js'
import {toParametersSchema} from '../../../src/runtime/tools/tool-schema.js'
import {schemaHintsFromTools} from '../../../src/runtime/model/text-calls/schema-hints.js'
import {describeToolsForPrompt} from '../../../src/runtime/model/text-calls/tool-prompt.js'

const valid = {
  name: 'say_hi',
  description: 'Say hi.',
  parameters: z.object({who: z.string()}),
  mutates: false,
  targets: () => [],
  run: async () => ({text: 'hi'}),
}

describe('declarationProblem', () => {
  test.each([
    ['not an object', 'x', /not an object/],
    ['camelCase name', {...valid, name: 'sayHi'}, /snake_case/],
    ['name with a dash', {...valid, name: 'say-hi'}, /snake_case/],
    ['empty description', {...valid, description: ' '}, /description/],
    ['plain JSON Schema instead of zod', {...valid, parameters: {type: 'object', properties: {}}}, /zod object/],
    ['zod string instead of object', {...valid, parameters: z.string()}, /zod object/],
    ['mutates missing', {...valid, mutates: undefined}, /mutates/],
    ['targets not a function', {...valid, targets: []}, /targets/],
    ['run missing', {...valid, run: undefined}, /run must be a function/],
    ['preview not a function', {...valid, preview: 'diff'}, /preview/],
  ])('%s', (_name, candidate, problem) => {
    expect(declarationProblem(candidate)).toMatch(problem)
  })

  test('a valid declaration has no problem', () => {
    expect(declarationProblem(valid)).toBeUndefined()
  })
})

describe('ToolRegistry', () => {
  test('the first plugin keeps a name; a duplicate is left out naming both plugins', () => {
    const registry = ToolRegistry.fromContributions([
      {source: 'lillycoder', tools: [valid]},
      {source: 'lillycoder-plugin-x', tools: [{...valid, description: 'Other.'}]},
    ])
    expect(registry.names()).toEqual(['say_hi'])
    expect(registry.get('say_hi')?.source).toBe('lillycoder')
    expect(registry.problems).toEqual([
      'plugin lillycoder-plugin-x: tool "say_hi" is already provided by lillycoder; the one from lillycoder-plugin-x was left out',
    ])
  })

  test('an invalid declaration is left out with the plugin and tool named; the valid ones stay', () => {
    const registry = ToolRegistry.fromContributions([{source: 'p', tools: [valid, {...valid, name: 'Bad'}]}])
    expect(registry.names()).toEqual(['say_hi'])
    expect(registry.problems[0]).toMatch(/^plugin p: tool "Bad" is invalid: name must be snake_case/)
  })

  test('a hook that threw or returned a non-array does not sink the others', () => {
    const registry = ToolRegistry.fromContributions([
      {source: 'broken', error: new Error('boom')},
      {source: 'weird', tools: {not: 'an array'}},
      {source: 'good', tools: [valid]},
    ])
    expect(registry.names()).toEqual(['say_hi'])
    expect(registry.problems).toEqual([
      'plugin broken: its tools:register hook failed (boom); its tools are not available',
      'plugin weird: its tools:register hook must return an array of tool declarations',
    ])
  })

  test('schemas are built once; schema hints and the prompt description come from them', () => {
    const other = {...valid, name: 'count_lines', parameters: z.object({path: z.string(), limit: z.number().int().optional()})}
    const registry = ToolRegistry.fromContributions([{source: 'p', tools: [valid, other]}])
    expect(registry.schemas()).toBe(registry.schemas())
    expect(schemaHintsFromTools(registry.schemas())).toEqual({say_hi: {who: 'string'}, count_lines: {path: 'string', limit: 'integer'}})
    const description = describeToolsForPrompt(registry.schemas())
    expect(description).toContain('## say_hi\nSay hi.\n- who (string, required)')
    expect(description).toContain('- limit (integer)')
  })

  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('model-supplied name %s finds nothing', (name) => {
    const registry = ToolRegistry.fromContributions([{source: 'p', tools: [valid]}])
    expect(registry.get(name)).toBeUndefined()
  })
})

describe('toParametersSchema', () => {
  test('drops $schema, the safe-integer bounds and a flag\'s default false; keeps descriptions, other defaults and limits', () => {
    const schema = toParametersSchema(
      z.object({
        path: z.string().min(1).describe('File to read'),
        offset: z.number().int().min(1).optional(),
        depth: z.int().min(1).max(5).default(1),
        all: z.boolean().default(false),
        keep: z.boolean().default(true),
        nested: z.object({a: z.string()}).optional(),
      }),
    )
    expect(schema).toEqual({
      type: 'object',
      properties: {
        path: {type: 'string', minLength: 1, description: 'File to read'},
        offset: {type: 'integer', minimum: 1},
        depth: {type: 'integer', minimum: 1, maximum: 5, default: 1},
        all: {type: 'boolean'},
        keep: {type: 'boolean', default: true},
        nested: {type: 'object', properties: {a: {type: 'string'}}, required: ['a']},
      },
      required: ['path'],
    })
  })

  // A plain object drops unknown keys when validated, so its schema does not forbid them (that costs tokens in
  // every request, and llama.cpp's grammar admits no other keys anyway); strict and loose objects say what they do.
  const objects: Array<[kind: string, additionalProperties: unknown, parameters: z.ZodObject]> = [
    ['z.object', undefined, z.object({a: z.string()})],
    ['z.strictObject', false, z.strictObject({a: z.string()})],
    ['z.looseObject', {}, z.looseObject({a: z.string()})],
  ]
  test.each(objects)('%s → additionalProperties %j', (_kind, additionalProperties, parameters) => {
    expect(toParametersSchema(parameters).additionalProperties).toStrictEqual(additionalProperties)
  })

  test('an object without parameters still has properties', () => {
    expect(toParametersSchema(z.object({}))).toEqual({type: 'object', properties: {}})
  })
})
