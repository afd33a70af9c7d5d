import {setFlagsFromString} from 'node:v8'

import type {Agent, Dispatcher as UndiciDispatcher} from 'undici'

/** What came back: status, headers (names in lower case) and the body, read once as an async iterable. */
export interface HttpAnswer {
  statusCode: number
  headers: Record<string, string | string[] | undefined>
  body: AsyncIterable<Uint8Array>
}

export interface HttpRequest {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: Uint8Array
  /** Aborting it ends the request, or errors the body being read, with the signal's reason. */
  signal: AbortSignal
}

/** A connection pool the model client owns, so the session can close its sockets when it ends. */
export interface Dispatcher {
  request(request: HttpRequest): Promise<HttpAnswer>
  close(): Promise<void>
}

// undici's public entry loads fetch, websockets and caches (≈ 140 ms); the Agent alone ≈ 35 ms, its request API a few
// more. Node's own fetch is not used: it takes ≈ 50 ms to load on the first request, and more work per request than
// this (Request and Response objects, web streams). The version is pinned.
const AGENT_MODULE = 'undici/lib/dispatcher/agent.js'
const REQUEST_MODULE = 'undici/lib/api/api-request.js'

type RequestApi = (this: Agent, options: UndiciDispatcher.RequestOptions) => Promise<UndiciDispatcher.ResponseData>

/**
 * An undici Agent and its request API. Keep-alive sockets of the global pool would stay open after the last reply;
 * closing this one ends them at once.
 */
export async function createDispatcher(): Promise<Dispatcher> {
  const {AgentClass, requestApi} = await loadHttpModules()
  const agent = new AgentClass()
  return {
    request({url, ...options}) {
      const {origin, pathname, search} = new URL(url)
      return requestApi.call(agent, {origin, path: `${pathname}${search}`, ...options})
    },
    close: () => agent.close(),
  }
}

let modules: Promise<{AgentClass: typeof Agent; requestApi: RequestApi}> | undefined

/** Loads undici's Agent and request API once; a caller may start it early to overlap the load with other waiting. */
export function loadHttpModules(): NonNullable<typeof modules> {
  modules ??= (async () => {
    keepWasmAtBaselineTier()
    const [agent, request] = await Promise.all([import(AGENT_MODULE) as Promise<{default: typeof Agent}>, import(REQUEST_MODULE) as Promise<{default: RequestApi}>])
    return {AgentClass: agent.default, requestApi: request.default}
  })()
  return modules
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
