/**
 * Folds parsed `chat.completion.chunk` objects into one ModelReply, whichever server sent them (WIRE.md §1).
 * A pure reducer `(state, chunk) → {state, events}`; `finishStream` turns the state into the reply.
 */
import {randomBytes} from 'node:crypto'

import type {ModelReply, ModelStreamEvent} from './model-client.js'
import type {ToolCall} from './messages.js'
import {flushThink, initialThinkSplitState, splitThink, type ThinkSplitEvent, type ThinkSplitState} from './think-splitter.js'
import {isRecord} from '../text/is-record.js'

interface ToolCallDraft {
  /** The wire `index` the deltas of this call carry. */
  readonly index: number
  readonly id: string
  readonly name: string
  readonly arguments: string
}

export interface StreamState {
  readonly content: string
  readonly reasoning: string
  /** The server sent a reasoning field; inline <think> text then repeats it (llama.cpp deepseek-legacy). */
  readonly sawReasoningField: boolean
  readonly think: ThinkSplitState
  /** In order of first appearance. */
  readonly toolCalls: readonly ToolCallDraft[]
  readonly finishReason: string | null
  readonly usage?: {promptTokens: number; completionTokens: number}
}

export const initialStreamState: StreamState = {
  content: '',
  reasoning: '',
  sawReasoningField: false,
  think: initialThinkSplitState,
  toolCalls: [],
  finishReason: null,
}

export interface StreamStep {
  state: StreamState
  events: ModelStreamEvent[]
}


const nonEmptyString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

/** Feeds one parsed chunk. Unknown fields and shapes are ignored; nothing is parsed before the end. */
export function accumulateChunk(state: StreamState, chunk: unknown): StreamStep {
  if (!isRecord(chunk)) return {state, events: []}
  const events: ModelStreamEvent[] = []
  let next = withUsage(state, chunk.usage)
  const choices = Array.isArray(chunk.choices) ? chunk.choices : []
  const choice: unknown = choices.find((c) => isRecord(c) && (c.index === 0 || c.index === undefined)) ?? choices[0]
  if (!isRecord(choice)) return {state: next, events}

  // The delta first: vLLM puts the last argument piece on the finish chunk.
  const delta = isRecord(choice.delta) ? choice.delta : {}
  const reasoning = nonEmptyString(delta.reasoning_content) ?? nonEmptyString(delta.reasoning)
  if (reasoning !== undefined) {
    next = {...next, reasoning: next.reasoning + reasoning, sawReasoningField: true}
    events.push({type: 'reasoning', text: reasoning})
  }
  const content = nonEmptyString(delta.content)
  if (content !== undefined) {
    const split = splitThink(next.think, content)
    next = applyThinkEvents({...next, think: split.state}, split.events, events)
  }
  if (Array.isArray(delta.tool_calls)) {
    for (const toolDelta of delta.tool_calls) next = mergeToolCallDelta(next, toolDelta)
  }
  if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') next = {...next, finishReason: choice.finish_reason}
  return {state: next, events}
}

export type StreamOutcome = {complete: true; reply: ModelReply; events: ModelStreamEvent[]} | {complete: false; reason: string; events: ModelStreamEvent[]}

export interface FinishOptions {
  /** `data: [DONE]` arrived: the server ended the reply on purpose even if it sent no finish_reason. */
  sawDone: boolean
  /** Makes ids for calls that came without one, or with an id an earlier call already has. */
  newToolCallId?: () => string
}

/**
 * Ends the stream. A stream that stopped without finish_reason and without [DONE] broke off (a server
 * error mid-stream, WIRE.md §4): that is a failed turn, not an empty answer.
 */
export function finishStream(state: StreamState, options: FinishOptions): StreamOutcome {
  const events: ModelStreamEvent[] = []
  const flushed = flushThink(state.think)
  const final = applyThinkEvents({...state, think: flushed.state}, flushed.events, events)
  if (final.finishReason === null && !options.sawDone) {
    return {complete: false, reason: 'the reply stopped before the server finished it (no finish_reason, no [DONE])', events}
  }
  const newId = options.newToolCallId ?? randomToolCallId
  const seen = new Set<string>()
  const toolCalls: ToolCall[] = final.toolCalls.map((draft) => {
    // Tool results are matched by id, so two calls must never share one.
    const id = draft.id !== '' && !seen.has(draft.id) ? draft.id : newId()
    seen.add(id)
    return {id, name: draft.name, arguments: draft.arguments}
  })
  const reply: ModelReply = {content: final.content, reasoning: final.reasoning, toolCalls, finishReason: final.finishReason}
  if (final.usage) reply.usage = final.usage
  return {complete: true, reply, events}
}

/** `call_` + 24 random letters/digits, the shape most servers use. */
export function randomToolCallId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return 'call_' + Array.from(randomBytes(24), (byte) => alphabet[byte % alphabet.length]).join('')
}

function withUsage(state: StreamState, usage: unknown): StreamState {
  if (!isRecord(usage)) return state
  const {prompt_tokens: prompt, completion_tokens: completion} = usage
  if (typeof prompt !== 'number' || typeof completion !== 'number') return state
  return {...state, usage: {promptTokens: prompt, completionTokens: completion}}
}

function applyThinkEvents(state: StreamState, thinkEvents: ThinkSplitEvent[], out: ModelStreamEvent[]): StreamState {
  let next = state
  for (const event of thinkEvents) {
    if (event.type === 'text') {
      next = {...next, content: next.content + event.text}
      out.push(event)
    } else if (event.type === 'reasoning') {
      if (next.sawReasoningField) continue
      next = {...next, reasoning: next.reasoning + event.text}
      out.push(event)
    } else {
      // The prompt had opened the thought: what streamed as text was its end (already in the reasoning
      // field when the server sent one).
      next = {...next, reasoning: next.sawReasoningField ? next.reasoning : next.reasoning + next.content, content: ''}
    }
  }
  return next
}

function mergeToolCallDelta(state: StreamState, toolDelta: unknown): StreamState {
  if (!isRecord(toolDelta)) return state
  const fn = isRecord(toolDelta.function) ? toolDelta.function : {}
  const id = nonEmptyString(toolDelta.id)
  const name = nonEmptyString(fn.name)
  const argumentsPiece = typeof fn.arguments === 'string' ? fn.arguments : ''
  const calls = state.toolCalls
  const index = typeof toolDelta.index === 'number' ? toolDelta.index : indexWithoutWireIndex(calls, id, name)
  const position = calls.findIndex((call) => call.index === index)

  if (position === -1) {
    const draft: ToolCallDraft = {index, id: id ?? '', name: name ?? '', arguments: argumentsPiece}
    return {...state, toolCalls: [...calls, draft]}
  }
  const existing = calls[position]
  if (!existing) return state
  // id, type and name come once; a server that repeats them on later deltas must not duplicate them.
  const merged: ToolCallDraft = {
    index,
    id: existing.id !== '' ? existing.id : (id ?? ''),
    name: existing.name !== '' ? existing.name : (name ?? ''),
    arguments: existing.arguments + argumentsPiece,
  }
  return {...state, toolCalls: calls.map((call, i) => (i === position ? merged : call))}
}

/** A delta without `index`: a new call when it brings an id or a name, else more of the last call. */
function indexWithoutWireIndex(calls: readonly ToolCallDraft[], id: string | undefined, name: string | undefined): number {
  const last = calls.at(-1)
  if (!last) return 0
  const startsNewCall = (id !== undefined && id !== last.id) || (name !== undefined && last.name !== '')
  return startsNewCall ? Math.max(...calls.map((call) => call.index)) + 1 : last.index
}
