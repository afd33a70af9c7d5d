import {errorText} from '../../runtime/text/error-text.js'
import type {Colors} from './colors.js'

/** What /model needs: the server's model list and the id the next request carries. */
export interface ModelSwitch {
  model: string
  listModels(signal?: AbortSignal): Promise<Array<{id: string}>>
  /** Switches and adjusts what depends on the model (its context window); returns lines to show. Absent: only `model` changes. */
  switchTo?(model: string, signal?: AbortSignal): Promise<string[]>
}

/** `/model` lists the server's models with the current one marked; `/model NAME` switches to one of them. */
export async function modelCommand(models: ModelSwitch | undefined, args: string[], out: NodeJS.WritableStream, colors: Colors, signal?: AbortSignal): Promise<void> {
  if (!models) {
    out.write(`${colors.yellow('the model cannot be changed in this session')}\n`)
    return
  }
  let ids: string[]
  try {
    ids = (await models.listModels(signal)).map((model) => model.id)
  } catch (error) {
    out.write(`${colors.yellow(`could not list the server's models: ${errorText(error)}`)}\n`)
    return
  }
  const wanted = args[0]
  if (wanted === undefined) {
    for (const id of ids) out.write(id === models.model ? `${colors.green('●')} ${colors.bold(id)} ${colors.dim('(current)')}\n` : `  ${id}\n`)
    if (!ids.includes(models.model)) out.write(`${colors.dim(`current: ${models.model} (not in the server's list)`)}\n`)
    out.write(`${colors.dim('/model NAME switches for the next request')}\n`)
    return
  }
  if (!ids.includes(wanted)) {
    out.write(`${colors.yellow(`no model ${wanted} on this server`)}; the models: ${ids.join(', ') || '(none listed)'}\n`)
    return
  }
  const notes = models.switchTo ? await models.switchTo(wanted, signal) : ((models.model = wanted), [])
  out.write(`${colors.dim(`model: ${wanted}, from the next request`)}\n`)
  for (const note of notes) out.write(`${colors.dim(note)}\n`)
}
