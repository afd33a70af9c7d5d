import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {z} from 'zod'

import {createToolContext} from '../../src/runtime/agent/tool-context.js'
import type {Preview, ToolContext, ToolDeclaration, ToolResult} from '../../src/runtime/tools/tool-declaration.js'
import {ToolError} from '../../src/runtime/tools/tool-error.js'

/** A real temp directory as the workspace, with the context a tool would get in it. */
export interface TempWorkspace {
  root: string
  ctx: ToolContext
  /** Absolute path of a workspace-relative one. */
  at(relative: string): string
  write(relative: string, content: string | Uint8Array): Promise<string>
  /** Replaces `relative` with a symlink to `target` (the swap a racing process could make after the policy checked). */
  swapForLink(relative: string, target: string): Promise<void>
  remove(): Promise<void>
}

export async function makeWorkspace(): Promise<TempWorkspace> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-file-tools-')))
  const at = (relative: string) => path.join(root, relative)
  return {
    root,
    ctx: createToolContext(root, new AbortController().signal),
    at,
    async write(relative, content) {
      await fs.mkdir(path.dirname(at(relative)), {recursive: true})
      await fs.writeFile(at(relative), content)
      return at(relative)
    },
    async swapForLink(relative, target) {
      await fs.rm(at(relative), {recursive: true})
      await fs.symlink(target, at(relative))
    },
    remove: () => fs.rm(root, {recursive: true, force: true}),
  }
}

/** Runs `run` with a fresh real directory outside any workspace, removed afterwards. */
export async function withOutside(run: (outside: string) => Promise<void>): Promise<void> {
  const outside = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lilly-outside-')))
  try {
    await run(outside)
  } finally {
    await fs.rm(outside, {recursive: true, force: true})
  }
}

/** Validates raw arguments through the tool's schema, as the runtime does, then runs it. */
export function runTool<P extends z.ZodObject>(tool: ToolDeclaration<P>, raw: unknown, ctx: ToolContext): Promise<ToolResult> {
  return tool.run(tool.parameters.parse(raw), ctx)
}

export async function previewTool<P extends z.ZodObject>(tool: ToolDeclaration<P>, raw: unknown, ctx: ToolContext): Promise<Preview> {
  if (!tool.preview) throw new Error(`${tool.name} has no preview`)
  return tool.preview(tool.parameters.parse(raw), ctx)
}

/** Runs the tool expecting it to fail with a ToolError (what the model reads); anything else fails the test. */
export async function runToolFailure<P extends z.ZodObject>(tool: ToolDeclaration<P>, raw: unknown, ctx: ToolContext): Promise<ToolError> {
  const error = await runTool(tool, raw, ctx).catch((caught: unknown) => caught)
  if (!(error instanceof ToolError)) throw new Error(`expected a ToolError, got ${String(error)}`)
  return error
}
