import {ModelError} from './model-error.js'

/**
 * What a failed `fetch` (nothing answered) means for the user, and whether one more try may help:
 * Node's HTTP client throws the system error itself (an AggregateError when several addresses were tried); fetch
 * wraps it as `TypeError: fetch failed`: the code is looked for through causes and inner errors.
 */
export function transportFailure(url: string, error: unknown): {failure: ModelError; retryable: boolean} {
  const code = errorCode(error)
  const {port, protocol} = new URL(url)
  const refusedHint = `is the server running and listening on port ${port || (protocol === 'https:' ? '443' : '80')}? \`lillycoder discover\` lists the servers it can find`
  const known: Record<string, [message: string, hint: string | undefined, retryable: boolean]> = {
    ECONNREFUSED: ['connection refused', refusedHint, true],
    ECONNRESET: ['the connection was reset before the server answered', undefined, true],
    EPIPE: ['the connection was reset before the server answered', undefined, true],
    UND_ERR_SOCKET: ['the server closed the connection before answering', undefined, true],
    ENOTFOUND: ['host not found', 'check the host in --api', false],
    EAI_AGAIN: ['host not found', 'check the host in --api and the network', false],
    EHOSTUNREACH: ['host unreachable', 'check the host in --api and the network', false],
    ENETUNREACH: ['network unreachable', 'check the network', false],
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    const hint = 'check the host and port in --api; a firewall may be dropping the connection'
    return {failure: new ModelError({kind: 'timeout', url, message: 'could not connect (connect timeout)', hint}), retryable: false}
  }
  const [message, hint, retryable] = (code && known[code]) || [`could not reach the server: ${describeCause(error)}`, refusedHint, false]
  return {failure: new ModelError({kind: 'connection', url, message, ...(hint ? {hint} : {})}, {cause: error}), retryable}
}

/** The system error code of the error, its causes or, in an AggregateError, its inner errors. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined
  if ('code' in error && typeof error.code === 'string') return error.code
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const code = errorCode(inner, depth + 1)
      if (code) return code
    }
  }
  return 'cause' in error ? errorCode(error.cause, depth + 1) : undefined
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  return cause instanceof Error ? cause.message : String(cause)
}
