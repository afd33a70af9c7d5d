import type {Target} from '../tools/tool-declaration.js'

/** Argument names that hold workspace paths in the MCP servers people run (filesystem, git, …). */
export const PATH_ARGUMENTS = ['path', 'paths', 'file', 'directory'] as const

/** The path-like arguments this schema declares: only those become targets, so confinement and path rules apply to them. */
export function pathArgumentsOf(properties: Record<string, unknown>): string[] {
  return PATH_ARGUMENTS.filter((name) => Object.hasOwn(properties, name))
}

/** The targets of one call: each string (or list of strings) under a declared path-like argument; none otherwise. */
export function pathTargets(args: Record<string, unknown>, pathArguments: readonly string[]): Target[] {
  return pathArguments.flatMap((name) => {
    const value = args[name]
    const values = Array.isArray(value) ? value : [value]
    return values.filter((item): item is string => typeof item === 'string' && item !== '').map((path) => ({kind: 'path' as const, path}))
  })
}
