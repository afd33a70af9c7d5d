import {setFlagsFromString} from 'node:v8'

import type {Agent} from 'undici'

/** A connection pool the model client owns, so the session can close its sockets when it ends. */
export interface Dispatcher {
  close(): Promise<void>
}

// undici's public entry loads fetch, websockets and caches (≈ 140 ms); the Agent alone ≈ 35 ms. The version is pinned.
const AGENT_MODULE = 'undici/lib/dispatcher/agent.js'

/**
 * An undici Agent for Node's fetch (its `dispatcher` option). Keep-alive sockets of the global pool would stay
 * open after the last reply; closing this one ends them at once.
 */
export async function createDispatcher(): Promise<Agent> {
  const AgentClass = await loadDispatcherClass()
  return new AgentClass()
}

let agentClass: Promise<typeof Agent> | undefined

/** Loads undici's Agent once; a caller may start it early to overlap the load with other waiting. */
export function loadDispatcherClass(): Promise<typeof Agent> {
  agentClass ??= (async () => {
    keepWasmAtBaselineTier()
    const loaded = (await import(AGENT_MODULE)) as {default: typeof Agent}
    return loaded.default
  })()
  return agentClass
}

/**
 * undici parses HTTP with llhttp, a WebAssembly module. V8 re-compiles it with its optimising tier in the
 * background (≈ 0.4 s of CPU here) and Node waits for that before it exits, so every `run` lingered after its
 * answer. The baseline tier (Liftoff) parses a few KB per reply just as well. Read when a module is compiled,
 * so it is set before undici loads.
 */
function keepWasmAtBaselineTier(): void {
  setFlagsFromString('--liftoff-only')
}
