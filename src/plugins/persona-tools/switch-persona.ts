import {z} from 'zod'

import type {PersonaPortSlot} from '../../runtime/agent/persona-port.js'
import {defineTool} from '../../runtime/tools/tool-declaration.js'
import {ToolError} from '../../runtime/tools/tool-error.js'

export function switchPersonaTool(slot: PersonaPortSlot) {
  return defineTool({
    name: 'switch_persona',
    description: 'Switch your persona (voice) when the user asks; the conversation stays.',
    parameters: z.object({name: z.string()}),
    mutates: true,
    targets: (args) => [{kind: 'value', value: `persona ${args.name}`}],
    async preview(args) {
      const persona = await slot.get().catalog.load(args.name).catch((error: unknown) => {
        throw new ToolError({what: (error as Error).message, hint: 'call list_personas for the names'})
      })
      return {summary: `switch persona: ${slot.get().active().name} → ${persona.emoji} ${persona.name} (${persona.origin}), remembered as the default`}
    },
    async run(args) {
      const switched = await slot.get().switchTo(args.name).catch((error: unknown) => {
        throw new ToolError({what: (error as Error).message, hint: 'call list_personas for the names'})
      })
      const remembered = switched.rememberProblem ? ` It could not be remembered as the default: ${switched.rememberProblem}.` : ''
      return {text: `Switched to ${switched.persona.name}; speak in its voice from your next message.${remembered}`, data: {name: switched.persona.name}}
    },
  })
}
