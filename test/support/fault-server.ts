/**
 * A scripted OpenAI-compatible server that misbehaves on purpose, for the reliability suite: error statuses with
 * headers (429 + Retry-After), TCP resets before or during a reply, raw SSE bytes (broken lines, bad JSON, no
 * [DONE]), silence. Good replies are rendered by wire-server's flavor renderers, so a fault can sit between two
 * byte-true replies. Real HTTP on 127.0.0.1; the CLI under test connects to it like to any server.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

import {normaliseReply, renderStream, type ReplyTurn} from './wire-server.js'

export type FaultTurn =
  /** A good reply in a flavor's shape, streamed as that server streams it. */
  | ReplyTurn
  /** An error status with these headers (a function is called when the answer is written); `body` as it is (a string) or as JSON. */
  | {status: number; headers?: Record<string, string | (() => string)>; body: string | Record<string, unknown>}
  /** The request arrives, then the connection is reset (RST), with no status line. */
  | {resetBeforeAnswer: true}
  /** SSE headers, then these pieces written as they are, one write each; then the reply ends, is reset, or goes silent. */
  | {sse: string[]; then: 'end' | 'reset' | 'hang'}
  /** The request arrives and nothing ever comes back (connection held open). */
  | {silent: true}

export interface FaultRequest {
  path: string
  /** When it arrived (ms since the epoch): how long a client waited between retries. */
  at: number
  /** Parsed JSON, or undefined when it was not JSON. */
  body: unknown
}

export interface FaultServer {
  /** `http://127.0.0.1:PORT/v1` */
  url: string
  /** The chat completion requests, in order. */
  chats: FaultRequest[]
  close(): Promise<void>
}

export interface FaultServerOptions {
  /** Runs when chat request `index` (0-based) has arrived, before its turn is served: the world can change in between. */
  beforeAnswer?: (index: number) => Promise<void> | void
}

/** Serves `turns` in order, one per chat request; a request past the script is a 500 that says so. */
export async function startFaultServer(turns: FaultTurn[], options: FaultServerOptions = {}): Promise<FaultServer> {
  const chats: FaultRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]
      if (req.method === 'GET' && path === '/v1/models') return sendJson(res, 200, {object: 'list', data: [{id: 'qwen2.5-coder:7b', object: 'model', owned_by: 'llamacpp'}]})
      if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendJson(res, 404, {error: {message: `no ${req.method} ${path} here`}})
      const body = parseJson(Buffer.concat(chunks).toString('utf8'))
      chats.push({path, at: Date.now(), body})
      const index = chats.length - 1
      const turn = turns[index]
      if (!turn) return sendJson(res, 500, {error: {message: `fault server: script exhausted (${turns.length} turns, this is request ${chats.length})`}})
      Promise.resolve(options.beforeAnswer?.(index)).then(
        () => answer(turn, req, res, body),
        (error: unknown) => sendJson(res, 500, {error: {message: `fault server: beforeAnswer failed: ${String(error)}`}}),
      )
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    chats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

const SSE_HEADERS = {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive'}

function answer(turn: FaultTurn, req: IncomingMessage, res: ServerResponse, body: unknown): void {
  if ('silent' in turn) return
  if ('resetBeforeAnswer' in turn) {
    req.socket.resetAndDestroy()
    return
  }
  if ('status' in turn) {
    const isText = typeof turn.body === 'string'
    const headers = Object.fromEntries(Object.entries(turn.headers ?? {}).map(([name, value]) => [name, typeof value === 'function' ? value() : value]))
    res.writeHead(turn.status, {'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers})
    res.end(isText ? turn.body : JSON.stringify(turn.body))
    return
  }
  if ('sse' in turn) return writeThen(res, turn.sse, turn.then)
  const model = isRecord(body) && typeof body.model === 'string' ? body.model : 'model'
  const includeUsage = isRecord(body) && isRecord(body.stream_options) && body.stream_options.include_usage === true
  writeThen(res, renderStream(normaliseReply(turn, model), {includeUsage}), 'end')
}

/** Writes the pieces (waiting for the socket to drain when it asks to), then ends, resets or leaves the reply open. */
function writeThen(res: ServerResponse, pieces: string[], then: 'end' | 'reset' | 'hang'): void {
  res.writeHead(200, SSE_HEADERS)
  res.flushHeaders()
  let next = 0
  const writeSome = (): void => {
    while (next < pieces.length) {
      const piece = pieces[next]
      next += 1
      if (!res.write(piece)) {
        res.once('drain', writeSome)
        return
      }
    }
    if (then === 'end') res.end()
    // Only once the pieces are on the wire: resetting at once would drop them.
    else if (then === 'reset') res.write('', () => res.socket?.resetAndDestroy())
  }
  // A client that hangs up mid-reply ends the writing quietly.
  res.on('error', () => undefined)
  writeSome()
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8'})
  res.end(JSON.stringify(value))
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined // not JSON: the test sees `undefined`
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
