import {z} from 'zod'

import {writeFileAtomic} from '../../runtime/files/atomic-write.js'
import {planReplaceExact, type ReplacePlan, replacedBytes} from '../../runtime/files/exact-replace.js'
import {MAX_EDIT_BYTES, readExistingFile} from '../../runtime/files/existing-file.js'
import {fileToolError} from '../../runtime/files/file-system-error.js'
import {formatSize} from '../../runtime/text/format-size.js'
import {defineTool, type ToolContext} from '../../runtime/tools/tool-declaration.js'
import {ToolError} from '../../runtime/tools/tool-error.js'

const parameters = z.object({
  path: z.string().min(1),
  old_string: z.string().min(1).describe('Copied from read_file, without the line numbers'),
  new_string: z.string(),
  replace_all: z.boolean().default(false),
})

type EditArgs = z.output<typeof parameters>

export default defineTool({
  name: 'edit_file',
  description: 'Replace exact text in an existing file. old_string must match exactly, indentation included, and occur once unless replace_all is true.',
  parameters,
  mutates: true,
  targets: (args) => [{kind: 'path', path: args.path}],
  async preview(args, ctx) {
    const {text, plan} = await planEdit(args, ctx)
    const {added, removed, diff} = await describeChange(args.path, text, plan)
    return {summary: `${args.path}: +${added} −${removed}`, diff}
  },
  async run(args, ctx) {
    const {bytes, text, plan} = await planEdit(args, ctx)
    try {
      // Written as pieces of the file's own bytes around the replacements: a large file is never copied whole.
      await writeFileAtomic(await ctx.writablePath(args.path), replacedBytes(bytes, text, plan), {signal: ctx.signal})
    } catch (error) {
      throw fileToolError(error, args.path)
    }
    const {added, removed, diff} = await describeChange(args.path, text, plan)
    return {text: `Edited ${args.path}: +${added} -${removed} lines.`, data: {path: args.path, added, removed, diff}}
  },
})

/** Reads the file and finds what the edit replaces; every reason it cannot be done is a ToolError. */
async function planEdit(args: EditArgs, ctx: ToolContext): Promise<{bytes: Uint8Array; text: string; plan: ReplacePlan}> {
  const file = ctx.resolvePath(args.path)
  const existing = await readExistingFile(file, args.path, {maxBytes: MAX_EDIT_BYTES})
  switch (existing.kind) {
    case 'missing':
      throw new ToolError({
        what: `${args.path} does not exist`,
        why: 'edit_file changes existing files only',
        hint: 'use write_file to create it, or check the path with list_dir',
      })
    case 'binary':
      throw new ToolError({what: `${args.path} is not UTF-8 text`, why: `${existing.reason}, and edit_file changes UTF-8 text files only`})
    case 'large':
      throw new ToolError({
        what: `${args.path} is too large to edit (${formatSize(existing.size)})`,
        why: `edit_file loads files of up to ${formatSize(MAX_EDIT_BYTES)}`,
        hint: 'change it with a command such as sed instead',
      })
    case 'text':
      return {bytes: existing.bytes, text: existing.text, plan: planReplaceExact(existing.text, args)}
  }
}

async function describeChange(shown: string, text: string, plan: ReplacePlan) {
  // Loaded only when an edit happens, to keep start-up light.
  const {replacementDiff} = await import('../../runtime/files/unified-diff.js')
  return replacementDiff(shown, text, plan)
}
