import type {ModelClient} from '../../runtime/model/model-client.js'
import {ExitCode, UserError} from '../user-error.js'

/** Asks the person a question; null when they cancelled. Absent when there is no one to ask. */
export type Ask = (question: string) => Promise<string | null>

/** Someone who can answer during set-up: `print` shows what a question is about (a numbered list), `ask` asks it. */
export interface Asker {
  ask: Ask
  print(text: string): void
}

export interface ChooseModelOptions {
  /** Absent when headless: the first model is taken and that is warned about. */
  asker?: Asker
  warn(message: string): void
}

/**
 * `--model` wins; else the server's list decides: one model is used, several are offered as a numbered
 * choice when someone can answer, and headless takes the first and says so.
 */
export async function chooseModel(client: ModelClient, requested: string | undefined, options: ChooseModelOptions): Promise<string> {
  if (requested) return requested
  const models = await client.listModels()
  if (models.length === 0)
    throw new UserError(`${client.baseURL} lists no models; load one on the server or pass --model NAME`, ExitCode.endpoint)
  if (models.length === 1) return models[0].id
  if (!options.asker) {
    options.warn(`using model ${models[0].id} (the server has ${models.length}; choose with --model)`)
    return models[0].id
  }
  const chosen = await askNumberedChoice(options.asker, {
    heading: `${client.baseURL} has ${models.length} models:`,
    items: models,
    label: (model) => model.id,
    noun: 'model',
    byText: (text) => models.find((model) => model.id === text),
    orText: 'a model id',
    cancelled: () => new UserError('no model chosen', ExitCode.usage),
  })
  return chosen.id
}

export interface NumberedChoice<T> {
  /** The line above the list, e.g. `found 3 model servers:`. */
  heading: string
  items: readonly T[]
  label(item: T): string
  /** What is chosen, for the prompt: `model [1-3, Enter = 1]: `. */
  noun: string
  /** An answer that is not a number: the item it names, if any. */
  byText?(text: string): T | undefined
  /** What else `byText` accepts, for the retry hint, e.g. `a model id`. */
  orText?: string
  /** Thrown when the person cancels the prompt. */
  cancelled(): Error
}

/** Lists the items numbered from 1 and asks until the answer is a number in range, Enter (the first), or text `byText` knows. */
export async function askNumberedChoice<T>(asker: Asker, choice: NumberedChoice<T>): Promise<T> {
  const {items} = choice
  asker.print(`${choice.heading}\n${items.map((item, index) => `  ${index + 1}. ${choice.label(item)}\n`).join('')}`)
  for (;;) {
    const answer = await asker.ask(`${choice.noun} [1-${items.length}, Enter = 1]: `)
    if (answer === null) throw choice.cancelled()
    const text = answer.trim()
    if (text === '') return items[0]
    const chosen = (/^\d+$/.test(text) ? items[Number(text) - 1] : undefined) ?? choice.byText?.(text)
    if (chosen !== undefined) return chosen
    asker.print(`  type a number from 1 to ${items.length}${choice.orText ? `, or ${choice.orText}` : ''}\n`)
  }
}
