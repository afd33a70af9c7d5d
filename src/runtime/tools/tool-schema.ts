import {z} from 'zod'

import type {ToolDeclaration} from './tool-declaration.js'

/** One entry of the OpenAI `tools` field. */
export interface ToolSchema {
  type: 'function'
  function: {name: string; description: string; parameters: JsonSchemaObject}
}

export interface JsonSchemaObject {
  type: 'object'
  properties: Record<string, unknown>
  required?: string[]
  [keyword: string]: unknown
}

const SAFE_INTEGER_BOUND = Number.MAX_SAFE_INTEGER

/**
 * The OpenAI `tools` entry for a declaration: zod's own JSON Schema, trimmed of what neither the model
 * nor the server uses. Every key costs tokens in every request: llama.cpp renders the whole schema into
 * the prompt, while ollama passes on only type, description, enum, items and required.
 */
export function toToolSchema(declaration: ToolDeclaration): ToolSchema {
  return {
    type: 'function',
    function: {
      name: declaration.name,
      description: declaration.description,
      parameters: toParametersSchema(declaration.parameters),
    },
  }
}

export function toParametersSchema(parameters: z.ZodObject): JsonSchemaObject {
  const schema = z.toJSONSchema(parameters, {io: 'input', target: 'draft-7'}) as Record<string, unknown>
  delete schema.$schema
  const cleaned = tidy(schema) as Record<string, unknown>
  return {...cleaned, type: 'object', properties: (cleaned.properties as Record<string, unknown>) ?? {}}
}

/**
 * Drops the ±2^53 bounds `.int()` adds and `default: false` on a flag (a flag left out is off anyway).
 * Objects keep zod's own input schema: a plain z.object gets no `additionalProperties: false`, since
 * validation drops unknown keys and llama.cpp's grammar admits none unless a schema allows them.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'maximum' || key === 'minimum') && Math.abs(value as number) === SAFE_INTEGER_BOUND) continue
    out[key] = tidy(value)
  }
  if (out.type === 'boolean' && out.default === false) delete out.default
  return out
}
