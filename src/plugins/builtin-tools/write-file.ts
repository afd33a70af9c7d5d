import {z} from 'zod'

import {writeFileAtomic} from '../../runtime/files/atomic-write.js'
import {type ExistingFile, readExistingFile} from '../../runtime/files/existing-file.js'
import {fileToolError} from '../../runtime/files/file-system-error.js'
import {formatSize} from '../../runtime/text/format-size.js'
import {countLines, dominantLineEnding, withLineEnding} from '../../runtime/files/line-endings.js'
import {defineTool, type Preview, type ToolContext} from '../../runtime/tools/tool-declaration.js'

const parameters = z.object({
  path: z.string().min(1),
  content: z.string().describe('The whole new content, nothing left out'),
})

export default defineTool({
  name: 'write_file',
  description: 'Create a file, or replace all of its content; creates missing folders. To change part of a file, use edit_file.',
  parameters,
  mutates: true,
  targets: (args) => [{kind: 'path', path: args.path}],
  async preview(args, ctx) {
    return describeWrite(args.path, await planWrite(args, ctx))
  },
  async run(args, ctx) {
    const plan = await planWrite(args, ctx)
    try {
      await writeFileAtomic(await ctx.writablePath(args.path), plan.content, {signal: ctx.signal})
    } catch (error) {
      throw fileToolError(error, args.path)
    }
    const lines = countLines(plan.content)
    const size = `${plan.content.length} chars, ${lines} ${lines === 1 ? 'line' : 'lines'}`
    const text = plan.existing.kind === 'missing'
      ? `Created ${args.path} (${size}).`
      : `Overwrote ${args.path} (${size}${plan.crlf ? ', CRLF line endings kept' : ''}).`
    return {text, data: {path: args.path, created: plan.existing.kind === 'missing', chars: plan.content.length}}
  },
})

interface WritePlan {
  existing: ExistingFile
  /** What will be written: the model's content, in the old file's line endings. */
  content: string
  /** True when LF content was turned into CRLF to match the file it replaces. */
  crlf: boolean
}

async function planWrite(args: {path: string; content: string}, ctx: ToolContext): Promise<WritePlan> {
  const existing = await readExistingFile(ctx.resolvePath(args.path), args.path)
  // The model writes \n; a CRLF file stays CRLF unless the model chose its line endings itself.
  const crlf = existing.kind === 'text' && dominantLineEnding(existing.text) === '\r\n' && !args.content.includes('\r')
  return {existing, content: crlf ? withLineEnding(args.content, '\r\n') : args.content, crlf}
}

async function describeWrite(shown: string, {existing, content}: WritePlan): Promise<Preview> {
  const chars = `${content.length} chars`
  switch (existing.kind) {
    case 'missing':
      return {summary: `${shown} (${chars}, new file)`, content}
    case 'binary':
    case 'large':
      return {summary: `${shown} (${chars}, overwrites a ${existing.kind} file of ${formatSize(existing.size)})`}
    case 'text': {
      // Loaded only when a diff is shown, to keep start-up light.
      const {fileDiff} = await import('../../runtime/files/unified-diff.js')
      const {added, removed, diff} = fileDiff(shown, existing.text, content)
      return {summary: `${shown} (${chars}, overwrites ${countLines(existing.text)} lines: +${added} −${removed})`, diff}
    }
  }
}
