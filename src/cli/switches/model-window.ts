import {type ContextBudget, formatTokenCount} from '../../runtime/context/context-budget.js'
import {inspectModel, type ModelInspection, type ModelInspectionOptions} from '../../runtime/context/context-window.js'

export interface ModelWindowOptions {
  budget: ContextBudget
  baseURL: string
  /** Where the number in force came from when the person set it (`--context`, `config`): it is kept for any model. */
  configured?: string
  /** How the server is asked (start-up's discovery); a parameter so a test can answer instead. */
  inspect?: (options: ModelInspectionOptions) => Promise<ModelInspection>
}

/**
 * Sizes the context for the model /model switched to, asking the server the way start-up does. A size the person
 * set stays; a server that does not say keeps the window in force. Returns the one line to show either way.
 */
export async function adoptModelWindow(model: string, options: ModelWindowOptions, signal?: AbortSignal): Promise<string> {
  const {budget, baseURL, configured, inspect = inspectModel} = options
  const kept = formatTokenCount(budget.contextTokens)
  if (configured !== undefined) return `context: ${kept} tokens, as set by ${configured}`
  const window = await inspect({baseURL, model, signal}).then(
    (inspection) => inspection.contextWindow,
    () => null, // only an abort rejects; the window in force is kept, as for a server that does not say
  )
  if (!window) return `the server did not say ${model}'s context window; keeping ${kept} tokens (set --context to choose)`
  budget.contextTokens = window.tokens
  // The server's last token count was for another model's tokenizer: estimates start over from it.
  budget.forgetCount()
  return `context: ${formatTokenCount(window.tokens)} tokens (from ${window.source})`
}
