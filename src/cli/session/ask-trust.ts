import path from 'node:path'

import type {RuleFile} from '../../policy/effective-rules.js'
import {loadTrustStore, saveTrustStore} from '../../policy/edge/trust-store.js'
import {trust} from '../../policy/trust.js'
import type {Ask} from './choose-model.js'

export interface AskTrustOptions {
  /** Project files whose allow rules are not trusted yet. */
  files: readonly RuleFile[]
  ask: Ask
  /** Shows the rules before each question. */
  print(text: string): void
  stateDir: string
  /** Paths under it are shown as ./relative. */
  cwd: string
  now?: () => Date
}

/**
 * Shows each file's allow rules and asks `trust these allow rules from ./.lillycoderrc? [y/N]`.
 * Only "y" or "yes" trusts; Enter, anything else or a cancelled prompt does not. Each yes is saved,
 * pinned to the file's content, so an edited file asks again. Returns the files now trusted.
 */
export async function askTrust(options: AskTrustOptions): Promise<RuleFile[]> {
  const trusted: RuleFile[] = []
  for (const file of options.files) {
    const shown = displayPath(file.path, options.cwd)
    const allow = file.rules.filter((rule) => rule.action === 'allow').map((rule) => `  allow ${rule.text}`)
    options.print(`${shown} has allow rules that let the agent act without asking you:\n${allow.join('\n')}\n`)
    const answer = await options.ask(`trust these allow rules from ${shown}? [y/N] `)
    if (answer !== null && /^y(es)?$/i.test(answer.trim())) trusted.push(file)
  }
  if (trusted.length === 0) return trusted
  // Read again just before writing: another session may have trusted a file meanwhile.
  let store = await loadTrustStore(options.stateDir)
  const now = options.now?.() ?? new Date()
  for (const file of trusted) store = trust(store, file.path, file.sha256, now)
  await saveTrustStore(options.stateDir, store)
  return trusted
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)
  return outside ? file : `./${relative}`
}
