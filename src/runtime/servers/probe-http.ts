import {request as httpRequest} from 'node:http'

import {errorText} from '../text/error-text.js'

/** One HTTP exchange: the answer (any status), or why there was none. */
export type ProbeResponse =
  | {outcome: 'answered'; status: number; contentType: string; text: string; json: unknown}
  | {outcome: 'refused' | 'timeout' | 'failed'; detail: string}

export interface ProbeRequest {
  timeoutMs: number
  method?: 'GET' | 'POST'
  /** Sent as JSON. */
  body?: unknown
  signal?: AbortSignal
}

const MAX_BODY_BYTES = 4 * 1024 * 1024

/**
 * A small HTTP(S) request for probing model servers: never throws for a bad URL or a network failure
 * (it returns why), only rejects when `signal` aborts. Plain node:http keeps start-up light and sends
 * no keep-alive; node:https is loaded only for an https URL.
 */
export async function probeHttp(url: string, options: ProbeRequest): Promise<ProbeResponse> {
  options.signal?.throwIfAborted()
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return {outcome: 'failed', detail: `${JSON.stringify(url)} is not a URL`}
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return {outcome: 'failed', detail: `${url} is not an http:// or https:// URL`}
  const request = target.protocol === 'https:' ? (await import('node:https')).request : httpRequest
  return exchange(request, target, options)
}

type Request = typeof httpRequest

function exchange(request: Request, url: URL, options: ProbeRequest): Promise<ProbeResponse> {
  const {timeoutMs, method = 'GET', body, signal} = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string | number> = {accept: 'application/json'}
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = Buffer.byteLength(payload)
    }
    let req: ReturnType<Request>
    try {
      req = request(url, {method, headers, agent: false})
    } catch (error) {
      // node:http throws synchronously for what it cannot send at all (a bad header, an odd URL).
      return resolve({outcome: 'failed', detail: errorText(error)})
    }

    let settled = false
    const finish = (settle: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      req.destroy()
      settle()
    }
    const onAbort = () => finish(() => reject(signal?.reason))
    const timer = setTimeout(
      () => finish(() => resolve({outcome: 'timeout', detail: `no answer within ${Math.round(timeoutMs)} ms`})),
      timeoutMs,
    )
    signal?.addEventListener('abort', onAbort, {once: true})

    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => resolve({outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'failed', detail: error.message})),
    )
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= MAX_BODY_BYTES) chunks.push(chunk)
        else finish(() => resolve({outcome: 'failed', detail: `answer larger than ${MAX_BODY_BYTES} bytes`}))
      })
      res.on('error', (error) => finish(() => resolve({outcome: 'failed', detail: error.message})))
      // After 'end' this is a no-op; before it, the server hung up mid-answer.
      res.on('close', () => finish(() => resolve({outcome: 'failed', detail: 'connection closed mid-answer'})))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const status = res.statusCode ?? 0
        const contentType = String(res.headers['content-type'] ?? '')
        finish(() => resolve({outcome: 'answered', status, contentType, text, json: parseJson(text)}))
      })
    })
    req.end(payload)
  })
}

/** A body that is not JSON is an answer too (an HTML page, plain text); it just carries no JSON. */
function parseJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}
