import type {ToolDeclaration} from './tool-declaration.js'
import {TOOL_NAME_PATTERN} from './tool-name.js'
import {type JsonSchemaObject, toToolSchema, type ToolSchema} from './tool-schema.js'
import {errorText} from '../text/error-text.js'

/** A declaration and the plugin that contributed it. */
export interface RegisteredTool {
  declaration: ToolDeclaration
  source: string
  /** Sent as the parameters instead of the zod schema's conversion: an MCP server's own JSON Schema. */
  parametersSchema?: JsonSchemaObject
  /** From outside the plugins (an MCP server): comes and goes during a session and is never cached. */
  external?: boolean
}

/** What one plugin contributed: its tools, or the error its hook threw. */
export interface PluginContribution {
  source: string
  tools?: unknown
  error?: unknown
}


/** The tools the model may call, collected from every plugin; invalid or duplicate ones are left out with a reason. */
export class ToolRegistry {
  readonly problems: string[] = []
  private readonly tools = new Map<string, RegisteredTool>()
  private readonly converted = new Map<string, ToolSchema>()
  // Derived from the tools, so computed once; adding a tool clears it. The loop asks for it on every request.
  private schemaCache?: ToolSchema[]

  static fromContributions(contributions: PluginContribution[]): ToolRegistry {
    const registry = new ToolRegistry()
    for (const contribution of contributions) registry.addContribution(contribution)
    return registry
  }

  // A Map, not an object: a model-supplied name like "__proto__" or "constructor" finds nothing.
  get(name: string): RegisteredTool | undefined {
    return this.tools.get(name)
  }

  list(): RegisteredTool[] {
    return [...this.tools.values()]
  }

  names(): string[] {
    return [...this.tools.keys()]
  }

  /** The `tools` field of every request; converted once, as each tool was added. */
  schemas(): ToolSchema[] {
    this.schemaCache ??= this.names().map((name) => this.converted.get(name) as ToolSchema)
    return this.schemaCache
  }

  /**
   * Puts the tools of a source outside the plugins (an MCP server) in place of what it had before; an empty list
   * takes them all out (the server stopped). A name taken by another source is left out; the problems are returned.
   */
  replaceExternal(source: string, tools: ReadonlyArray<{declaration: ToolDeclaration; parametersSchema: JsonSchemaObject}>): string[] {
    for (const [name, tool] of this.tools) {
      if (!tool.external || tool.source !== source) continue
      this.tools.delete(name)
      this.converted.delete(name)
    }
    this.schemaCache = undefined
    const problems: string[] = []
    for (const {declaration, parametersSchema} of tools) {
      const existing = this.tools.get(declaration.name)
      if (existing) problems.push(`${source}: tool "${declaration.name}" is already provided by ${existing.source}; the one from ${source} was left out`)
      else {
        this.tools.set(declaration.name, {declaration, source, parametersSchema, external: true})
        this.converted.set(declaration.name, {type: 'function', function: {name: declaration.name, description: declaration.description, parameters: parametersSchema}})
      }
    }
    return problems
  }

  private addContribution({source, tools, error}: PluginContribution): void {
    if (error !== undefined) {
      this.problems.push(`plugin ${source}: its tools:register hook failed (${errorText(error)}); its tools are not available`)
      return
    }
    if (!Array.isArray(tools)) {
      this.problems.push(`plugin ${source}: its tools:register hook must return an array of tool declarations`)
      return
    }
    for (const candidate of tools) this.add(candidate, source)
  }

  private add(candidate: unknown, source: string): void {
    const problem = declarationProblem(candidate)
    const label = nameOf(candidate)
    if (problem) {
      this.problems.push(`plugin ${source}: tool ${label} is invalid: ${problem}; it was left out`)
      return
    }
    const declaration = candidate as ToolDeclaration
    const existing = this.tools.get(declaration.name)
    if (existing) {
      this.problems.push(
        `plugin ${source}: tool "${declaration.name}" is already provided by ${existing.source}; the one from ${source} was left out`,
      )
      return
    }
    // Converted now, not on the first request: a schema JSON Schema cannot express (z.date(), a transform's
    // output, …) leaves out that tool alone instead of failing every request of the session.
    let schema: ToolSchema
    try {
      schema = toToolSchema(declaration)
    } catch (error) {
      this.problems.push(`plugin ${source}: tool "${declaration.name}" has parameters that cannot be converted to JSON Schema (${errorText(error)}); it was left out`)
      return
    }
    this.tools.set(declaration.name, {declaration, source})
    this.converted.set(declaration.name, schema)
    this.schemaCache = undefined
  }
}

/** Why a plugin's export is not a usable declaration, or undefined when it is. */
export function declarationProblem(candidate: unknown): string | undefined {
  if (!candidate || typeof candidate !== 'object') return 'not an object'
  const tool = candidate as Record<string, unknown>
  if (typeof tool.name !== 'string' || !TOOL_NAME_PATTERN.test(tool.name))
    return 'name must be snake_case (a-z, 0-9, _), starting with a letter, at most 64 characters'
  if (typeof tool.description !== 'string' || tool.description.trim() === '') return 'description must be a non-empty string'
  if (!isZodObject(tool.parameters)) return 'parameters must be a zod object schema (z.object({...}))'
  if (typeof tool.mutates !== 'boolean') return 'mutates must be true or false'
  if (typeof tool.targets !== 'function') return 'targets must be a function (args) => Target[]'
  if (typeof tool.run !== 'function') return 'run must be a function (args, ctx) => Promise<ToolResult>'
  if (tool.preview !== undefined && typeof tool.preview !== 'function') return 'preview must be a function when given'
  return undefined
}

// Duck-typed, not instanceof: a plugin may bring its own copy of zod 4.
function isZodObject(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false
  const schema = value as {safeParse?: unknown; _zod?: {def?: {type?: unknown}}}
  return typeof schema.safeParse === 'function' && schema._zod?.def?.type === 'object'
}

function nameOf(candidate: unknown): string {
  const name = candidate && typeof candidate === 'object' ? (candidate as {name?: unknown}).name : undefined
  return typeof name === 'string' ? `"${name}"` : '(unnamed)'
}

