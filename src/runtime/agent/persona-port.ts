import type {ToolDeclaration} from '../tools/tool-declaration.js'
import {ToolError} from '../tools/tool-error.js'
import {ToolRegistry} from '../tools/tool-registry.js'
import type {PersonaSwitcher} from './persona-switcher.js'

// Marks a tool made by the persona plugin: the session finds the slot to connect through it.
const PERSONA_SLOT = Symbol.for('lillycoder.personaSlot')

/**
 * Where the persona tools find the session's persona. Tools come from a plugin hook that runs before any session
 * exists, so each set of them holds a slot that the session connects to once built; unconnected, they fail closed.
 */
export class PersonaPortSlot {
  private switcher?: PersonaSwitcher

  connect(switcher: PersonaSwitcher): void {
    this.switcher = switcher
  }

  get(): PersonaSwitcher {
    if (this.switcher) return this.switcher
    throw new ToolError({
      what: 'the persona tools are not connected to a session',
      why: 'they change the persona of a running chat or run, and none was set up',
      hint: 'tell the user the persona tools are unavailable here',
    })
  }
}

/** `tool`, marked as one of the persona tools that use `slot`. */
export function withPersonaSlot<T extends ToolDeclaration>(tool: T, slot: PersonaPortSlot): T {
  return Object.assign(tool, {[PERSONA_SLOT]: slot})
}

function slotOf(tool: ToolDeclaration): PersonaPortSlot | undefined {
  const slot = (tool as unknown as Record<symbol, unknown>)[PERSONA_SLOT]
  return slot instanceof PersonaPortSlot ? slot : undefined
}

/** Connects the persona tools that `source` (lillycoder itself) registered; another plugin's tools are left alone. */
export function connectPersonaTools(registry: ToolRegistry, source: string, switcher: PersonaSwitcher): number {
  let connected = 0
  for (const tool of registry.list()) {
    const slot = tool.source === source ? slotOf(tool.declaration) : undefined
    if (!slot) continue
    slot.connect(switcher)
    connected++
  }
  return connected
}

/** The registry without the persona tools (`run` without --persona-tools): they cost prompt tokens nobody wants there. */
export function withoutPersonaTools(registry: ToolRegistry): ToolRegistry {
  const bySource = new Map<string, ToolDeclaration[]>()
  for (const {declaration, source} of registry.list()) {
    if (slotOf(declaration)) continue
    bySource.set(source, [...(bySource.get(source) ?? []), declaration])
  }
  const filtered = ToolRegistry.fromContributions([...bySource].map(([source, tools]) => ({source, tools})))
  filtered.problems.push(...registry.problems)
  return filtered
}
