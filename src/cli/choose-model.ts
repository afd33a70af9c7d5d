import type {ModelClient} from '../runtime/model-client.js'
import {ExitCode, UserError} from './user-error.js'

/** Asks the person a question; null when they cancelled. Absent when there is no one to ask. */
export type Ask = (question: string) => Promise<string | null>

/**
 * `--model` wins; else the server's list decides: one model is used, several are offered as a numbered
 * choice when someone can answer, and headless takes the first and says so on stderr.
 */
export async function chooseModel(client: ModelClient, requested: string | undefined, ask?: Ask): Promise<string> {
  if (requested) return requested
  const models = await client.listModels()
  if (models.length === 0)
    throw new UserError(`${client.baseURL} lists no models; load one on the server or pass --model NAME`, ExitCode.endpoint)
  if (models.length === 1) return models[0].id
  if (!ask) {
    process.stderr.write(`lillycoder: using model ${models[0].id} (the server has ${models.length}; choose with --model)\n`)
    return models[0].id
  }
  process.stdout.write(`${client.baseURL} has ${models.length} models:\n`)
  models.forEach((model, index) => process.stdout.write(`  ${index + 1}. ${model.id}\n`))
  for (;;) {
    const answer = await ask(`model [1-${models.length}, Enter = 1]: `)
    if (answer === null) throw new UserError('no model chosen', ExitCode.usage)
    const text = answer.trim()
    if (text === '') return models[0].id
    const byNumber = /^\d+$/.test(text) ? models[Number(text) - 1] : undefined
    const chosen = byNumber ?? models.find((model) => model.id === text)
    if (chosen) return chosen.id
    process.stdout.write(`  type a number from 1 to ${models.length}, or a model id\n`)
  }
}
