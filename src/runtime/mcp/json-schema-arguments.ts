import {z} from 'zod'

import type {JsonSchemaObject} from '../tools/tool-schema.js'

// ajv, not a conversion to zod: an MCP server's schema is JSON Schema (any draft-7-ish keyword), and ajv is the
// validator the MCP SDK itself uses; converting would lose keywords zod has no twin for.
type AjvInstance = import('ajv').Ajv
type ValidateFunction = import('ajv').ValidateFunction

let ajv: AjvInstance | undefined

/** Loaded with the MCP client, never on start-up paths. */
export async function loadJsonSchemaValidator(): Promise<void> {
  if (ajv) return
  const {Ajv} = await import('ajv')
  ajv = new Ajv({allErrors: true, strict: false, validateFormats: false})
}

/** What an MCP server's input schema becomes: the JSON Schema the model sees, and a zod object that validates with it. */
export interface CompiledParameters {
  jsonSchema: JsonSchemaObject
  parameters: z.ZodObject
}

/**
 * Compiles a tool's JSON Schema. The zod object lets every key through and checks the whole object with ajv, so
 * validation errors take the same road (and read the same, `where: what`) as a builtin tool's. Throws when the
 * schema is not an object schema or does not compile.
 */
export function compileParameters(schema: unknown): CompiledParameters {
  if (!ajv) throw new Error('internal: loadJsonSchemaValidator() was not awaited')
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('its inputSchema is not a JSON object')
  const raw = schema as Record<string, unknown>
  if (raw.type !== 'object') throw new Error(`its inputSchema must have type "object", not ${JSON.stringify(raw.type)}`)
  if (raw.properties !== undefined && (typeof raw.properties !== 'object' || raw.properties === null || Array.isArray(raw.properties)))
    throw new Error('its inputSchema properties must be a mapping')
  const {$schema: _dialect, ...rest} = raw
  let validate: ValidateFunction
  try {
    validate = ajv.compile(rest)
  } catch (error) {
    throw new Error(`its inputSchema does not compile (${(error as Error).message})`)
  }
  const jsonSchema: JsonSchemaObject = {...rest, type: 'object', properties: (rest.properties as Record<string, unknown> | undefined) ?? {}}
  const parameters = z.looseObject({}).superRefine((value, ctx) => {
    if (validate(value)) return
    for (const error of validate.errors ?? []) ctx.addIssue({code: 'custom', message: ajvMessage(error), path: pointerPath(error)})
  })
  return {jsonSchema, parameters: parameters as unknown as z.ZodObject}
}

type AjvError = NonNullable<ValidateFunction['errors']>[number]

function ajvMessage(error: AjvError): string {
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required') return 'required'
  if (error.keyword === 'additionalProperties') return `unknown key "${String(params.additionalProperty)}"`
  if (error.keyword === 'enum') return `must be one of ${JSON.stringify(params.allowedValues)}`
  return error.message ?? error.keyword
}

/** `/a/0` → ['a', 0]; a missing key is named where it is missing, as zod names it. */
function pointerPath(error: AjvError): Array<string | number> {
  const parts = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
  const path: Array<string | number> = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part))
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path.push(params.missingProperty)
  return path
}
