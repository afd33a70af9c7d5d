import fs from 'node:fs/promises'
import path from 'node:path'

import {fileToolError} from '../files/file-system-error.js'
import type {ToolContext} from '../tools/tool-declaration.js'
import {ToolError} from '../tools/tool-error.js'

export interface SearchTarget {
  /** Absolute path. */
  path: string
  /** As the model wrote it, for messages. */
  shown: string
  /** Workspace-relative POSIX path ('' for the workspace itself). */
  relative: string
  kind: 'file' | 'directory'
}

/** Resolves the `path` argument of grep, find_files and list_dir; a missing path or a device is a ToolError. */
export async function resolveSearchTarget(ctx: ToolContext, shown: string): Promise<SearchTarget> {
  const absolute = ctx.resolvePath(shown)
  const stats = await fs.stat(absolute).catch((error: unknown) => {
    throw fileToolError(error, shown, {ENOENT: 'check the path with list_dir, or leave path out to search the whole project'})
  })
  const relative = path.relative(ctx.workspace, absolute).split(path.sep).join('/')
  if (stats.isDirectory()) return {path: absolute, shown, relative, kind: 'directory'}
  if (stats.isFile()) return {path: absolute, shown, relative, kind: 'file'}
  throw new ToolError({what: `${shown} is not a file or directory`, why: 'it is a device, socket or pipe'})
}

/** For tools that list a directory: a file given instead is a ToolError that says what to use. */
export async function resolveDirectory(ctx: ToolContext, shown: string, tool: string): Promise<SearchTarget> {
  const target = await resolveSearchTarget(ctx, shown)
  if (target.kind === 'file') {
    throw new ToolError({what: `${shown} is a file, not a directory`, why: `${tool} lists directories`, hint: 'use read_file to read it, or give its directory'})
  }
  return target
}
