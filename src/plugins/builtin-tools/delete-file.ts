import fs from 'node:fs/promises'
import {z} from 'zod'

import {countTree, describeTreeCount} from '../../runtime/files/count-tree.js'
import {errorCode, fileToolError} from '../../runtime/files/file-system-error.js'
import {formatSize} from '../../runtime/text/format-size.js'
import {defineTool, type ToolContext} from '../../runtime/tools/tool-declaration.js'
import {ToolError} from '../../runtime/tools/tool-error.js'
import {isInsideDir} from '../../runtime/files/workspace-path.js'

const parameters = z.object({
  path: z.string().min(1),
  recursive: z.boolean().default(false),
})

type DeleteArgs = z.output<typeof parameters>

export default defineTool({
  name: 'delete_file',
  description: 'Delete a file or folder. A folder that is not empty needs recursive: true.',
  parameters,
  mutates: true,
  targets: (args) => [{kind: 'path', path: args.path}],
  async preview(args, ctx) {
    const plan = await planDelete(args, ctx)
    return {summary: `delete ${args.path} (${plan.description})`}
  },
  async run(args, ctx) {
    const plan = await planDelete(args, ctx)
    ctx.signal.throwIfAborted()
    try {
      const file = await ctx.writablePath(args.path)
      // rmdir refuses a directory that filled up since the check, which rm({recursive}) would not.
      if (plan.kind === 'empty-directory') await fs.rmdir(file)
      else await fs.rm(file, {recursive: plan.kind === 'directory'})
    } catch (error) {
      throw fileToolError(error, args.path)
    }
    return {text: `Deleted ${args.path} (${plan.description}).`, data: {path: args.path, kind: plan.kind}}
  },
})

interface DeletePlan {
  kind: 'file' | 'empty-directory' | 'directory'
  /** What goes, for people: `file, 2 KB` or `directory with 12 files and 3 directories`. */
  description: string
}

/** Finds out what a delete would remove, refusing the workspace root and a non-empty directory without recursive. */
async function planDelete(args: DeleteArgs, ctx: ToolContext): Promise<DeletePlan> {
  const file = ctx.resolvePath(args.path)
  if (isInsideDir(file, ctx.workspace)) {
    throw new ToolError({
      what: `refusing to delete ${args.path}`,
      why: file === ctx.workspace ? 'it is the workspace root' : 'the workspace root is inside it',
      hint: 'delete the files and folders inside the workspace one by one instead',
    })
  }
  let stats
  try {
    stats = await fs.lstat(file)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new ToolError({what: `${args.path} does not exist`, why: 'there is nothing to delete'})
    throw fileToolError(error, args.path)
  }
  if (!stats.isDirectory()) {
    // A symlink goes by itself; what it points to stays.
    return {kind: 'file', description: stats.isSymbolicLink() ? 'symbolic link' : `file, ${formatSize(stats.size)}`}
  }
  const count = await countTree(file, {signal: ctx.signal})
  if (count.files + count.dirs === 0) return {kind: 'empty-directory', description: 'empty directory'}
  if (!args.recursive) {
    throw new ToolError({
      what: `${args.path} is a directory that is not empty`,
      why: `it holds ${describeTreeCount(count)}`,
      hint: 'pass recursive: true to delete it with everything in it',
    })
  }
  return {kind: 'directory', description: `directory with ${describeTreeCount(count)}`}
}
