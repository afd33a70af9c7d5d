import {appendFile} from 'node:fs/promises'
import {z} from 'zod'

const CHANGELOG = 'CHANGELOG.md'

/** @type {import('lillycoder').ToolDeclaration} */
export default {
  name: 'append_changelog',
  description: 'Add one line to CHANGELOG.md. Example: {"entry": "Fix crash on empty input"}',
  parameters: z.object({entry: z.string().min(1).max(200).describe('One line describing the change')}),
  // It writes a file, so lillycoder asks the person first and confines it to the workspace.
  mutates: true,
  targets: () => [{kind: 'path', path: CHANGELOG}],
  preview: (args) => ({summary: `${CHANGELOG} += "- ${args.entry}"`}),
  async run(args, ctx) {
    await appendFile(ctx.resolvePath(CHANGELOG), `- ${args.entry.replace(/\n/g, ' ')}\n`)
    return {text: `Added to ${CHANGELOG}: ${args.entry}`}
  },
}
