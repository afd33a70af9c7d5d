import {isRecord} from '../../text/is-record.js'
import type {ToolSchema} from '../../tools/tool-schema.js'

export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'

/** Per tool, per parameter: the JSON Schema type, used to type Qwen3-Coder XML parameter values (raw text). */
export type SchemaHints = Record<string, Record<string, ParamType>>

const PARAM_TYPES: readonly unknown[] = ['string', 'number', 'integer', 'boolean', 'array', 'object']

/** Builds schema hints from the tools' JSON Schemas (the `type` of each top-level property). */
export function schemaHintsFromTools(tools: readonly ToolSchema[]): SchemaHints {
  const hints: SchemaHints = {}
  for (const tool of tools) {
    const params: Record<string, ParamType> = {}
    for (const [param, schema] of Object.entries(tool.function.parameters.properties)) {
      const type = schemaType(schema)
      if (type) params[param] = type
    }
    hints[tool.function.name] = params
  }
  return hints
}

/** The hinted type of one parameter. Tool and parameter names come from the model: own keys only, so `constructor` is not Object's. */
export function paramTypeHint(hints: SchemaHints | undefined, tool: string, param: string): ParamType | undefined {
  const params = hints && Object.hasOwn(hints, tool) ? hints[tool] : undefined
  return params && Object.hasOwn(params, param) ? params[param] : undefined
}

/** The one type a JSON Schema allows besides null, or undefined when it is not a single simple type. */
export function schemaType(schema: unknown): ParamType | undefined {
  if (!isRecord(schema)) return undefined
  // zod writes a nullable field as anyOf [{type: X}, {type: 'null'}].
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map(schemaType).find((type) => type !== undefined)
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  const type = types.find((t) => typeof t === 'string' && t !== 'null')
  return PARAM_TYPES.includes(type) ? (type as ParamType) : undefined
}
