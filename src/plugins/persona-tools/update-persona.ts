import {z} from 'zod'

import type {PersonaPortSlot} from '../../runtime/agent/persona-port.js'
import {defineTool} from '../../runtime/tools/tool-declaration.js'

const parameters = z.object({
  prompt: z.string().min(1).describe('The whole new text'),
})

export function updatePersonaTool(slot: PersonaPortSlot) {
  return defineTool({
    name: 'update_persona',
    description: 'Rewrite your active persona when the user asks you to change how you talk or work.',
    parameters,
    mutates: true,
    targets: () => [{kind: 'value', value: 'the active persona'}],
    async preview(args) {
      const switcher = slot.get()
      const active = switcher.active()
      const where = switcher.evolve
        ? `saved to ${switcher.catalog.userFile(active.origin === 'bundled' ? `${active.name}-evolved` : active.name)} (evolve is on)`
        : 'for this session only (evolve is off)'
      const {fileDiff} = await import('../../runtime/files/unified-diff.js')
      return {summary: `rewrite persona ${active.name}, ${where}`, diff: fileDiff(`${active.name}.md`, `${active.prompt}\n`, `${args.prompt.trim()}\n`).diff}
    },
    async run(args) {
      const updated = await slot.get().update(args.prompt)
      const where = updated.file ? `saved to ${updated.file}, kept for later runs` : 'for this session only (evolve is off)'
      return {text: `Persona ${updated.name} rewritten, ${where}; it applies from your next message.`, data: {...updated}}
    },
  })
}
