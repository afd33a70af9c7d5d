import {createReadStream} from 'node:fs'
import {createInterface} from 'node:readline'
import {z} from 'zod'

/** @type {import('lillycoder').ToolDeclaration} */
export default {
  name: 'count_lines',
  description: 'Count the lines of one text file. Example: {"path": "src/index.ts"}',
  parameters: z.object({path: z.string().describe('File, relative to the project root')}),
  mutates: false,
  targets: (args) => [{kind: 'path', path: args.path}],
  async run(args, ctx) {
    const file = ctx.resolvePath(args.path)
    let lines = 0
    const reader = createInterface({input: createReadStream(file, {signal: ctx.signal}), crlfDelay: Infinity})
    for await (const _line of reader) lines++
    return {text: `${args.path} has ${lines} lines.`, data: {lines}}
  },
}
