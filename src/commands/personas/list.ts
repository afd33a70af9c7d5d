import {BaseCommand} from '../../cli/base-command.js'
import {DEFAULT_PERSONA, listPersonaNames, loadPersona, type Persona} from '../../runtime/config/personas.js'

export default class PersonasList extends BaseCommand {
  static override summary = 'List the bundled personas (the voice of the system prompt; choose one with --persona)'
  static override enableJsonFlag = true

  async run(): Promise<Array<Pick<Persona, 'name' | 'emoji' | 'description'> & {default: boolean}>> {
    await this.parse(PersonasList)
    const personas = await Promise.all((await listPersonaNames()).map((name) => loadPersona(name)))
    const listed = personas.map(({name, emoji, description}) => ({name, emoji, description, default: name === DEFAULT_PERSONA}))
    if (!this.jsonEnabled())
      for (const persona of listed) this.log(`${persona.emoji} ${persona.name.padEnd(12)} ${persona.description}${persona.default ? ' (default)' : ''}`)
    return listed
  }
}
