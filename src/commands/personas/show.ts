import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../cli/user-error.js'
import {type CatalogPersona, PersonaCatalog} from '../../runtime/config/persona-catalog.js'
import {errorText} from '../../runtime/text/error-text.js'

export default class PersonasShow extends BaseCommand {
  static override summary = 'Show one persona: where it comes from and its whole text'
  static override args = {name: Args.string({required: true, description: 'Persona name, e.g. lilly'})}
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> personas show adult']

  async run(): Promise<CatalogPersona> {
    const {args} = await this.parse(PersonasShow)
    const persona = await new PersonaCatalog().load(args.name).catch((error: unknown) => {
      throw new UserError(errorText(error))
    })
    if (!this.jsonEnabled()) this.log(`${persona.emoji} ${persona.name} (${persona.origin}) ${persona.file}\n${persona.description}\n\n${persona.prompt}`)
    return persona
  }
}
