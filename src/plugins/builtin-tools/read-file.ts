import fs from 'node:fs/promises'
import {z} from 'zod'

import {sniffFile} from '../../runtime/files/file-kind.js'
import {fileToolError} from '../../runtime/files/file-system-error.js'
import {formatSize} from '../../runtime/text/format-size.js'
import {readLines} from '../../runtime/files/read-lines.js'
import {defineTool} from '../../runtime/tools/tool-declaration.js'
import {ToolError} from '../../runtime/tools/tool-error.js'

/** One page of output: whichever cap is reached first ends it. */
export const MAX_LINES = 2000
export const MAX_BYTES = 256 * 1024

const parameters = z.object({
  path: z.string().min(1),
  offset: z.int().min(1).optional().describe('Line to start at (1-based)'),
  limit: z.int().min(1).optional().describe('Lines to read'),
})

export default defineTool({
  name: 'read_file',
  description: `Read a text file. Each line comes back as "<line number><tab><text>", at most ${MAX_LINES} lines a call; pass offset to read on.`,
  parameters,
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path}],
  async run(args, ctx) {
    const file = ctx.resolvePath(args.path)
    if ((await checkReadable(file, args.path)) === 'empty') {
      return {text: `${args.path} is empty (0 bytes).`, data: {path: args.path, empty: true}}
    }
    const offset = args.offset ?? 1
    const page = await readPage(file, offset, Math.min(args.limit ?? MAX_LINES, MAX_LINES), ctx.signal)
    if (page.lines.length === 0) {
      throw new ToolError({
        what: `offset ${offset} is past the end of ${args.path}`,
        why: `the file has ${page.linesSeen} lines`,
        hint: `use an offset from 1 to ${page.linesSeen}`,
      })
    }
    const last = offset + page.lines.length - 1
    const footer = page.more ? `\n(Showing lines ${offset}-${last}${page.capped}. To read on, call read_file with offset ${last + 1}.)` : ''
    return {
      text: page.lines.join('\n') + footer,
      data: {path: args.path, firstLine: offset, lastLine: last, nextOffset: page.more ? last + 1 : undefined},
    }
  },
})

/** Refuses what read_file cannot show (missing, directory, device, binary); tells an empty file apart. */
async function checkReadable(file: string, shown: string): Promise<'empty' | 'text'> {
  const stats = await fs.stat(file).catch((error: unknown) => {
    throw fileToolError(error, shown)
  })
  if (stats.isDirectory()) {
    throw new ToolError({what: `${shown} is a directory`, why: 'read_file reads files only', hint: 'use list_dir to see what is inside'})
  }
  if (!stats.isFile()) {
    throw new ToolError({what: `${shown} is not a regular file`, why: 'it is a device, socket or pipe, and reading it could block forever'})
  }
  const {kind, reason} = await sniffFile(file)
  if (kind === 'binary') {
    const utf16 = reason?.includes('UTF-16') ?? false
    throw new ToolError({
      what: `${shown} is ${utf16 ? 'not UTF-8 text' : 'a binary file'} (${formatSize(stats.size)})`,
      why: `${reason ?? 'it is not UTF-8 text'}, and read_file shows UTF-8 text only`,
      hint: utf16 ? 'convert a copy first, e.g. `iconv -f UTF-16 -t UTF-8 FILE`' : 'inspect it with a command such as `file` or `xxd | head` instead',
    })
  }
  return kind
}

interface Page {
  /** Numbered lines, e.g. `   12\tcode`. */
  lines: string[]
  /** True when the file goes on after the last line shown. */
  more: boolean
  /** Why the page stopped early, for the footer (empty when the caller's limit ended it). */
  capped: string
  /** Lines read from the file, including skipped ones. */
  linesSeen: number
}

/** Streams the file up to one line past the page, so a huge file is never loaded whole. */
async function readPage(file: string, offset: number, limit: number, signal: AbortSignal): Promise<Page> {
  const page: Page = {lines: [], more: false, capped: '', linesSeen: 0}
  let bytes = 0
  for await (const line of readLines(file, {signal})) {
    page.linesSeen = line.number
    if (line.number < offset) continue
    if (page.lines.length === limit) {
      page.more = true
      if (limit === MAX_LINES) page.capped = ` (a page holds at most ${MAX_LINES} lines)`
      break
    }
    const cut = line.cut > 0 ? ` […${line.cut} more characters on this line]` : ''
    const numbered = `${String(line.number).padStart(5)}\t${line.text}${cut}`
    bytes += Buffer.byteLength(numbered) + 1
    if (bytes > MAX_BYTES && page.lines.length > 0) {
      page.more = true
      page.capped = ` (a page holds at most ${MAX_BYTES / 1024} KB)`
      break
    }
    page.lines.push(numbered)
  }
  return page
}
