import {Agent, type ClientRequest, type IncomingMessage, request as httpRequest, type RequestOptions} from 'node:http'

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

type RequestFunction = (url: URL, options: RequestOptions) => ClientRequest

/**
 * Keep-alive pools of Node's own HTTP client (already loaded for the server probes). Neither undici (≈ 40 ms to
 * load, and its WebAssembly HTTP parser to compile on the first request) nor Node's fetch (built on a second copy
 * of undici, with Request/Response objects and web streams per request). Idle sockets do not keep the process
 * alive, follow the server's `Keep-Alive: timeout` hint, and `close()` ends them at once.
 */
export function createDispatcher(): Dispatcher {
  const pools: {http?: Agent; https?: Promise<{agent: Agent; request: RequestFunction}>} = {}
  const httpsPool = (): NonNullable<typeof pools.https> =>
    (pools.https ??= import('node:https').then((https) => ({agent: new https.Agent({keepAlive: true}), request: https.request})))
  return {
    async request(request) {
      const url = new URL(request.url)
      if (url.protocol === 'https:') {
        const {agent, request: send} = await httpsPool()
        return exchange(send, agent, url, request)
      }
      return exchange(httpRequest, (pools.http ??= new Agent({keepAlive: true})), url, request)
    },
    async close() {
      pools.http?.destroy()
      if (pools.https) (await pools.https).agent.destroy()
    },
  }
}

function exchange(send: RequestFunction, agent: Agent, url: URL, {method, headers, body, signal}: HttpRequest): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    const sizedHeaders = body ? {...headers, 'Content-Length': String(body.byteLength)} : headers
    const outgoing = send(url, {method, headers: sizedHeaders, agent})
    let incoming: IncomingMessage | undefined
    // The abort ends whichever part is in flight, with the signal's reason, which the reader then sees.
    const onAbort = (): void => {
      incoming?.destroy(signal.reason as Error)
      outgoing.destroy(signal.reason as Error)
    }
    signal.addEventListener('abort', onAbort, {once: true})
    const done = (): void => signal.removeEventListener('abort', onAbort)
    outgoing.once('error', (error) => {
      done()
      reject(error)
    })
    outgoing.once('response', (response) => {
      incoming = response
      response.once('close', done)
      resolve({statusCode: response.statusCode ?? 0, headers: response.headers, body: response})
    })
    outgoing.end(body)
  })
}
