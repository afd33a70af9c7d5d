import type {Stats} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import {z} from 'zod'

import {countTree, describeTreeCount} from '../../runtime/files/count-tree.js'
import {errorCode, fileToolError} from '../../runtime/files/file-system-error.js'
import {formatSize} from '../../runtime/text/format-size.js'
import {movePath} from '../../runtime/files/move-path.js'
import {defineTool, type ToolContext} from '../../runtime/tools/tool-declaration.js'
import {ToolError} from '../../runtime/tools/tool-error.js'
import {isInsideDir} from '../../runtime/files/workspace-path.js'

const parameters = z.object({
  from: z.string().min(1),
  to: z.string().min(1).describe('The new path itself, not a folder to move into'),
  overwrite: z.boolean().default(false),
})

type MoveArgs = z.output<typeof parameters>

export default defineTool({
  name: 'move_file',
  description: 'Move or rename a file or folder; creates missing parent folders.',
  parameters,
  mutates: true,
  targets: (args) => [
    {kind: 'path', path: args.from},
    {kind: 'path', path: args.to},
  ],
  async preview(args, ctx) {
    const plan = await planMove(args, ctx)
    return {summary: `${args.from} → ${args.to}${plan.replaces ? ` (replaces ${plan.replaces})` : ''}`}
  },
  async run(args, ctx) {
    const plan = await planMove(args, ctx)
    try {
      const from = await ctx.writablePath(args.from)
      const to = await ctx.writablePath(args.to)
      await fs.mkdir(path.dirname(to), {recursive: true})
      // rename() replaces a file but only an empty directory; overwrite means the whole directory.
      if (plan.replacesDirectory) await fs.rm(to, {recursive: true})
      await movePath(from, to, {signal: ctx.signal})
    } catch (error) {
      throw fileToolError(error, `${args.from} -> ${args.to}`)
    }
    const replaced = plan.replaces ? `, replacing the ${plan.replaces}` : ''
    return {text: `Moved ${args.from} to ${args.to}${replaced}.`, data: {from: args.from, to: args.to, replaced: Boolean(plan.replaces)}}
  },
})

interface MovePlan {
  /** What the move replaces, described for people (`file of 2 KB`), when overwrite applies. */
  replaces?: string
  replacesDirectory: boolean
}

/** Checks everything that can be checked before moving; each refusal is a ToolError with a way out. */
async function planMove(args: MoveArgs, ctx: ToolContext): Promise<MovePlan> {
  const from = ctx.resolvePath(args.from)
  const to = ctx.resolvePath(args.to)
  const source = await lstatIfExists(from, args.from)
  if (!source) throw new ToolError({what: `${args.from} does not exist`, hint: 'check the path with list_dir or glob'})
  if (from === to) throw new ToolError({what: 'from and to are the same path', hint: 'give the new path in to'})
  if (source.isDirectory() && isInsideDir(from, to)) {
    throw new ToolError({what: `cannot move ${args.from} into itself`, why: `${args.to} is inside ${args.from}`})
  }

  const destination = await lstatIfExists(to, args.to)
  // A case-only rename on a case-insensitive file system finds the source itself at `to`.
  if (!destination || (destination.dev === source.dev && destination.ino === source.ino)) {
    return {replacesDirectory: false}
  }
  if (destination.isDirectory() !== source.isDirectory()) {
    const into = destination.isDirectory() ? `; to put it inside, use to: "${path.posix.join(args.to, path.basename(from))}"` : ''
    throw new ToolError({
      what: `${args.to} is ${describeKind(destination)} and ${args.from} is ${describeKind(source)}`,
      why: 'move_file replaces a file only with a file and a directory only with a directory',
      hint: `delete ${args.to} first with delete_file if it should go${into}`,
    })
  }
  if (!args.overwrite) {
    throw new ToolError({
      what: `${args.to} already exists`,
      why: 'move_file replaces nothing unless overwrite is true',
      hint: 'pass overwrite: true to replace it, or choose another destination',
    })
  }
  const replaces = destination.isDirectory()
    ? `directory with ${describeTreeCount(await countTree(to, {signal: ctx.signal}))}`
    : `file of ${formatSize(destination.size)}`
  return {replaces, replacesDirectory: destination.isDirectory()}
}

async function lstatIfExists(file: string, shown: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(file)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw fileToolError(error, shown)
  }
}

const describeKind = (stats: Stats) => (stats.isDirectory() ? 'a directory' : 'a file')
