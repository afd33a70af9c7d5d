import {z} from 'zod'

import type {PersonaPortSlot} from '../../runtime/agent/persona-port.js'
import {personaFileText} from '../../runtime/agent/persona-switcher.js'
import {defineTool} from '../../runtime/tools/tool-declaration.js'
import {ToolError} from '../../runtime/tools/tool-error.js'
import {personaNameProblem} from '../../runtime/config/persona-catalog.js'

const parameters = z.object({
  name: z.string().describe('Lowercase, e.g. "reviewer"'),
  prompt: z.string().min(1).describe('How it talks and works: "You are …"'),
  emoji: z.string().default('✎'),
  description: z.string().default('').describe('One line'),
})

export function addPersonaTool(slot: PersonaPortSlot) {
  return defineTool({
    name: 'add_persona',
    description: 'Create a user persona (a voice). Does not switch to it.',
    parameters,
    mutates: true,
    targets: (args) => [{kind: 'value', value: `persona ${args.name}`}],
    async preview(args) {
      const text = personaText(args)
      const file = slot.get().catalog.userFile(args.name)
      const {fileDiff} = await import('../../runtime/files/unified-diff.js')
      return {summary: `new persona ${args.name} in ${file}`, diff: fileDiff(`${args.name}.md`, '', text).diff}
    },
    async run(args) {
      const file = await slot.get().catalog.write(args.name, personaText(args)).catch((error: unknown) => {
        throw new ToolError({what: `could not add persona ${args.name}`, why: (error as Error).message, hint: 'pick another name, or use update_persona on the active one'})
      })
      return {text: `Added persona ${args.name} (${file}). Switch to it with switch_persona if the user wants it.`, data: {name: args.name, file}}
    },
  })
}

function personaText(args: z.output<typeof parameters>): string {
  const problem = personaNameProblem(args.name)
  if (problem) throw new ToolError({what: problem, hint: 'use a lowercase name like "reviewer"'})
  return personaFileText({emoji: args.emoji.trim() || '✎', description: args.description.trim()}, args.name, args.prompt)
}
