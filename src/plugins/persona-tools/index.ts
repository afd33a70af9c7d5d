import {PersonaPortSlot, withPersonaSlot} from '../../runtime/agent/persona-port.js'
import type {ToolDeclaration} from '../../runtime/tools/tool-declaration.js'
import {addPersonaTool} from './add-persona.js'
import {listPersonasTool} from './list-personas.js'
import {switchPersonaTool} from './switch-persona.js'
import {updatePersonaTool} from './update-persona.js'

/** A fresh set of the persona tools, sharing one slot the session connects to once it is built. */
export function createPersonaTools(slot = new PersonaPortSlot()): ToolDeclaration[] {
  return [listPersonasTool(slot), addPersonaTool(slot), switchPersonaTool(slot), updatePersonaTool(slot)].map((tool) =>
    withPersonaSlot(tool as unknown as ToolDeclaration, slot),
  )
}
