import {z} from 'zod'

import type {PersonaPortSlot} from '../../runtime/agent/persona-port.js'
import {defineTool} from '../../runtime/tools/tool-declaration.js'

export function listPersonasTool(slot: PersonaPortSlot) {
  return defineTool({
    name: 'list_personas',
    description: 'List the personas (voices) and which one is active.',
    parameters: z.object({}),
    mutates: false,
    targets: () => [],
    async run() {
      const switcher = slot.get()
      const active = switcher.active().name
      const personas = await switcher.list()
      const lines = personas.map(
        (persona) => `${persona.name} (${persona.origin})${persona.name === active ? ' [active]' : ''}: ${persona.problem ? `unreadable: ${persona.problem}` : persona.description}`,
      )
      const evolve = `Evolve is ${switcher.evolve ? 'on: update_persona saves the new text for later runs' : 'off: update_persona lasts for this session only'}.`
      return {text: `${lines.join('\n')}\n${evolve}`, data: {active, evolve: switcher.evolve, personas}}
    },
  })
}
