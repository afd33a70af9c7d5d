import type {MaxTokensSetting} from '../runtime/context/context-budget.js'
import {UserError} from './user-error.js'

/** `auto` or a positive whole number of tokens; `option` names the flag or command in the error (--max-tokens, /max-tokens). */
export function parseMaxTokens(text: string, option = '--max-tokens'): MaxTokensSetting {
  const value = text.trim().toLowerCase()
  if (value === 'auto') return 'auto'
  if (/^\d+$/.test(value) && Number(value) >= 16) return Number(value)
  throw new UserError(`${option} must be "auto" or a number of tokens (16 or more), not "${text}"`)
}
