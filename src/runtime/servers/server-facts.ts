/**
 * What a person chooses a server by, beyond its models: the context window it allocated per slot, how many slots
 * share that cache, and which build it runs. llama.cpp says all three (`/props`, `/v1/models` meta); other servers
 * say less, and what they do not say stays undefined.
 */
import {isRecord} from '../text/is-record.js'

export interface ServerFacts {
  /** Tokens one request may use as allocated (llama.cpp `n_ctx` per slot, vLLM `max_model_len`). */
  contextTokens?: number
  /** llama.cpp `total_slots`: parallel requests that share the allocated cache. */
  totalSlots?: number
  /** llama.cpp `build_info`, the same text its replies carry as `system_fingerprint`. */
  build?: string
}

/** Facts from a `/v1/models` body: llama.cpp `meta.n_ctx`, vLLM `max_model_len`, of the first model that has one. */
export function factsFromModelList(body: unknown): ServerFacts {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data.filter(isRecord) : []
  for (const entry of data) {
    const tokens = positiveInt(isRecord(entry.meta) ? entry.meta.n_ctx : undefined) ?? positiveInt(entry.max_model_len)
    if (tokens) return {contextTokens: tokens}
  }
  return {}
}

/** Facts from llama.cpp's `/props`; `/props` wins over the model list for the context (it is the slot's). */
export function factsFromProps(body: unknown): ServerFacts {
  if (!isRecord(body)) return {}
  const settings = body.default_generation_settings
  const facts: ServerFacts = {}
  const tokens = positiveInt(isRecord(settings) ? settings.n_ctx : undefined)
  if (tokens) facts.contextTokens = tokens
  const slots = positiveInt(body.total_slots)
  if (slots) facts.totalSlots = slots
  if (typeof body.build_info === 'string' && body.build_info.trim() !== '') facts.build = body.build_info.trim()
  return facts
}

/** `context 4k · 4 slots · build b6500-80fb11a`, or '' when nothing is known. */
export function describeServerFacts(facts: ServerFacts): string {
  const parts: string[] = []
  if (facts.contextTokens) parts.push(`context ${formatTokens(facts.contextTokens)}`)
  if (facts.totalSlots) parts.push(`${facts.totalSlots} slot${facts.totalSlots === 1 ? '' : 's'}${facts.totalSlots > 1 ? ' sharing it' : ''}`)
  if (facts.build) parts.push(`build ${facts.build}`)
  return parts.join(' · ')
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}

// The same rendering as context-budget's formatTokenCount; servers sits below context, so it cannot import it.
function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(tokens)
  const k = tokens / 1024
  return `${Number.isInteger(k) ? k : k.toFixed(1).replace(/\.0$/, '')}k`
}
