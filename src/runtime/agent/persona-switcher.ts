import {type CatalogPersona, type PersonaCatalog, type PersonaListing, withName} from '../config/persona-catalog.js'
import {readFrontMatter} from '../config/personas.js'

/** What a persona change needs from the conversation: its system message replaced, the rest kept. */
export interface SystemPromptTarget {
  replaceSystemPrompt(prompt: string): void
}

export interface PersonaSwitcherOptions {
  catalog: PersonaCatalog
  active: CatalogPersona
  session: SystemPromptTarget
  /** The whole system prompt for a persona (voice + rules + workspace + project instructions). */
  systemPromptFor(persona: CatalogPersona): string
  /** Remembers the persona as the next default (the user config's `persona` key); returns the file written. */
  remember(name: string): Promise<string>
  /** Start with evolve on (`--persona-evolve`). */
  evolve?: boolean
}

/** What an accepted update_persona did. */
export interface PersonaUpdate {
  /** The persona now active (a bundled one that evolved is `<name>-evolved`). */
  name: string
  /** The user file the new text went to; undefined when evolve is off (this session only). */
  file?: string
  /** Why it could not be remembered as the next default (an unwritable user config). */
  rememberProblem?: string
}

/**
 * The session's persona: which one speaks, switching (system message replaced, conversation kept, remembered as
 * the next default) and rewriting it. With evolve on a rewrite is saved to the user dir (a bundled persona first
 * as `<name>-evolved`) and kept across runs; with evolve off it lasts for this session only.
 */
export class PersonaSwitcher {
  evolve: boolean
  /** Told after each change of the active persona (the session file records the name). */
  onChange?: (persona: CatalogPersona) => void
  private current: CatalogPersona
  // Rewrites made with evolve off, by persona name: switching away and back keeps them for the session.
  private readonly sessionTexts = new Map<string, string>()

  constructor(private readonly options: PersonaSwitcherOptions) {
    this.current = options.active
    this.evolve = options.evolve ?? false
  }

  get catalog(): PersonaCatalog {
    return this.options.catalog
  }

  active(): CatalogPersona {
    return this.current
  }

  /** Whether the active persona's text differs from its file (a rewrite with evolve off). */
  changedThisSession(): boolean {
    return this.sessionTexts.has(this.current.name)
  }

  async list(): Promise<PersonaListing[]> {
    return this.options.catalog.list()
  }

  /** Switches to a persona by name; throws a PersonaError listing the names for an unknown one. */
  async switchTo(name: string): Promise<{persona: CatalogPersona; rememberedIn?: string; rememberProblem?: string}> {
    const loaded = await this.options.catalog.load(name)
    const text = this.sessionTexts.get(loaded.name)
    this.apply(text === undefined ? loaded : {...loaded, prompt: text})
    try {
      return {persona: this.current, rememberedIn: await this.options.remember(loaded.name)}
    } catch (error) {
      return {persona: this.current, rememberProblem: (error as Error).message}
    }
  }

  /** The active persona with `prompt` as its text: saved when evolve is on, for this session otherwise. */
  async update(prompt: string): Promise<PersonaUpdate> {
    const text = prompt.trim()
    if (!this.evolve) {
      this.sessionTexts.set(this.current.name, text)
      this.apply({...this.current, prompt: text})
      return {name: this.current.name}
    }
    const {catalog} = this.options
    // A bundled file is never written: its evolution is a user persona of its own, the active one from now on.
    const name = this.current.origin === 'bundled' ? `${this.current.name}-evolved` : this.current.name
    const file = await catalog.write(name, personaFileText(this.current, name, text), {overwrite: true})
    this.sessionTexts.delete(this.current.name)
    this.apply(await catalog.load(name))
    // Kept across runs: the next run starts with the evolved text, even when this one was chosen with --persona.
    const rememberProblem = await this.options.remember(name).then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    )
    return {name, file, rememberProblem}
  }

  private apply(persona: CatalogPersona): void {
    this.current = persona
    this.options.session.replaceSystemPrompt(this.options.systemPromptFor(persona))
    this.onChange?.(persona)
  }
}

/** A persona file: the front matter of `persona` (its emoji and description kept), named `name`, then `prompt`. */
export function personaFileText(persona: Pick<CatalogPersona, 'emoji' | 'description'>, name: string, prompt: string): string {
  const description = persona.description.includes('\n') ? '' : persona.description
  const text = `---\nname: ${name}\nemoji: ${persona.emoji}\ndescription: ${description}\n---\n${prompt.trim()}\n`
  // A rewrite that brings its own front matter keeps it, renamed.
  return readFrontMatter(prompt.trimStart(), `${name}.md`) ? withName(prompt.trimStart(), name) : text
}
