import {BaseCommand} from '../../cli/base-command.js'
import {type PersonaListing, PersonaCatalog} from '../../runtime/config/persona-catalog.js'
import {DEFAULT_PERSONA} from '../../runtime/config/personas.js'

export default class PersonasList extends BaseCommand {
  static override summary = 'List the personas (the voice of the system prompt; choose one with --persona): bundled, user, or user shadowing a bundled one'
  static override enableJsonFlag = true

  async run(): Promise<Array<PersonaListing & {default: boolean}>> {
    await this.parse(PersonasList)
    const catalog = new PersonaCatalog()
    const listed = (await catalog.list()).map((persona) => ({...persona, default: persona.name === DEFAULT_PERSONA}))
    if (!this.jsonEnabled())
      for (const persona of listed) {
        const note = persona.problem ? `unreadable: ${persona.problem}` : `${persona.description}${persona.default ? ' (default)' : ''}`
        this.log(`${persona.emoji} ${persona.name.padEnd(14)} ${persona.origin.padEnd(8)}  ${note}`)
      }
    return listed
  }
}
