import {closestNames} from '../runtime/text/closest-names.js'
import type {JsonSchemaObject} from '../runtime/tools/tool-schema.js'
import type {RegisteredTool, ToolRegistry} from '../runtime/tools/tool-registry.js'
import {toParametersSchema} from '../runtime/tools/tool-schema.js'
import {UserError} from './user-error.js'

/** A tool as `tools list --json` and `tools show --json` print it. */
export interface ToolDescription {
  name: string
  description: string
  mutates: boolean
  source: string
  parameters: JsonSchemaObject
}

/** `parameters`: the declaration's JSON Schema when the caller has it already (the registry converts each once). */
export function describeTool({declaration, source}: RegisteredTool, parameters?: JsonSchemaObject): ToolDescription {
  return {
    name: declaration.name,
    description: declaration.description,
    mutates: declaration.mutates,
    source,
    parameters: parameters ?? toParametersSchema(declaration.parameters),
  }
}

/** The tool named `name`, from a registry or a list of descriptions; a UserError with the closest names when none is. */
export function findTool(registry: ToolRegistry, name: string): RegisteredTool
export function findTool(tools: readonly ToolDescription[], name: string): ToolDescription
export function findTool(from: ToolRegistry | readonly ToolDescription[], name: string): RegisteredTool | ToolDescription {
  const tool = isDescriptionList(from) ? from.find((candidate) => candidate.name === name) : from.get(name)
  if (tool) return tool
  const names = isDescriptionList(from) ? from.map((candidate) => candidate.name) : from.names()
  const close = closestNames(name, names)
  const suggestion = close.length > 0 ? `did you mean ${close.join(' or ')}?` : `the tools are: ${names.join(', ')}`
  throw new UserError(`no tool named "${name}"; ${suggestion}`)
}

function isDescriptionList(from: ToolRegistry | readonly ToolDescription[]): from is readonly ToolDescription[] {
  return Array.isArray(from)
}
