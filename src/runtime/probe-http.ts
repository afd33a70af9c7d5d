import {request} from 'node:http'

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
 * A small HTTP request for probing local servers: never throws for a network failure (it returns why),
 * only rejects when `signal` aborts. Plain node:http keeps start-up light and sends no keep-alive.
 */
export function probeHttp(url: string, options: ProbeRequest): Promise<ProbeResponse> {
  const {timeoutMs, method = 'GET', body, signal} = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string | number> = {accept: 'application/json'}
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = Buffer.byteLength(payload)
    }
    const req = request(url, {method, headers, agent: false})

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
