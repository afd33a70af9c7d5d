import {type CatalogPersona, PersonaCatalog} from '../../runtime/config/persona-catalog.js'
import {errorText} from '../../runtime/text/error-text.js'
import {UserError} from '../user-error.js'

/** What a resumed session last used; a flag given now wins over it, and it wins over the config. */
export interface ResumedChoices {
  model: string
  persona: string
}

/**
 * The persona a session starts with: `--persona`, else the one a resumed session last spoke with, else the
 * configured default. A resumed session's persona that is gone since (removed) is a warning, not a stop.
 */
export async function startingPersona(
  catalog: PersonaCatalog,
  choices: {flag?: string; resumed?: string; configured: string},
  warn: (message: string) => void,
): Promise<CatalogPersona> {
  const load = (name: string) =>
    catalog.load(name).catch((error: unknown) => {
      throw new UserError(errorText(error))
    })
  if (choices.flag !== undefined || choices.resumed === undefined) return load(choices.flag ?? choices.configured)
  try {
    return await catalog.load(choices.resumed)
  } catch (error) {
    warn(`the resumed session's persona ${choices.resumed} cannot be loaded (${errorText(error)}); using ${choices.configured}`)
    return load(choices.configured)
  }
}
