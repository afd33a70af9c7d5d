import {BaseCommand} from '../../cli/base-command.js'
import {currentWorkspace} from '../../cli/workspace.js'
import {warnOnStderr} from '../../cli/warn-on-stderr.js'
import {effectiveSettings, findConfig} from '../../runtime/config/config-files.js'
import {type PersonaListing, PersonaCatalog} from '../../runtime/config/persona-catalog.js'
import {DEFAULT_PERSONA} from '../../runtime/config/personas.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'
import {defaultHome} from '../../runtime/files/workspace-path.js'

export default class PersonasList extends BaseCommand {
  static override summary = 'List the personas (the voice of the system prompt; choose one with --persona): bundled, user, or user shadowing a bundled one'
  static override enableJsonFlag = true

  async run(): Promise<Array<PersonaListing & {default: boolean}>> {
    await this.parse(PersonasList)
    // The default is what chat would start with here: the config's persona key, else lilly.
    const config = await findConfig({workspace: await currentWorkspace(), home: defaultHome(), userConfigDir: xdgPaths().config})
    config.warnings.forEach(warnOnStderr)
    const chosen = effectiveSettings(config).persona ?? DEFAULT_PERSONA
    const listed = (await new PersonaCatalog().list()).map((persona) => ({...persona, default: persona.name === chosen}))
    if (!this.jsonEnabled())
      for (const persona of listed) {
        const note = persona.problem ? `unreadable: ${persona.problem}` : `${persona.description}${persona.default ? ' (default)' : ''}`
        this.log(`${persona.emoji} ${persona.name.padEnd(14)} ${persona.origin.padEnd(8)}  ${note}`)
      }
    return listed
  }
}
