import {describe, expect, test} from '@jest/globals'

import {transportFailure} from '../../../src/runtime/model/transport-failure.js'

// undici's shape: `TypeError: fetch failed` with the system error as its cause.
const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', {cause})
const systemError = (code: string, message = `${code} error`): Error => Object.assign(new Error(message), {code})

const URL_WITH_PORT = 'http://127.0.0.1:8080/v1/chat/completions'

const failures: Array<[label: string, error: unknown, kind: string, message: string, retryable: boolean, hint: RegExp | undefined]> = [
  ['refused', fetchFailed(systemError('ECONNREFUSED')), 'connection', 'connection refused', true, /listening on port 8080\? `lillycoder discover`/],
  ['reset', fetchFailed(systemError('ECONNRESET')), 'connection', 'the connection was reset before the server answered', true, undefined],
  ['broken pipe', fetchFailed(systemError('EPIPE')), 'connection', 'the connection was reset before the server answered', true, undefined],
  ['socket closed', fetchFailed(systemError('UND_ERR_SOCKET')), 'connection', 'the server closed the connection before answering', true, undefined],
  ['unknown host', fetchFailed(systemError('ENOTFOUND')), 'connection', 'host not found', false, /check the host in --api/],
  ['DNS try again', fetchFailed(systemError('EAI_AGAIN')), 'connection', 'host not found', false, /network/],
  ['host unreachable', fetchFailed(systemError('EHOSTUNREACH')), 'connection', 'host unreachable', false, /network/],
  ['network unreachable', fetchFailed(systemError('ENETUNREACH')), 'connection', 'network unreachable', false, /network/],
  ['connect timeout', fetchFailed(systemError('UND_ERR_CONNECT_TIMEOUT')), 'timeout', 'could not connect (connect timeout)', false, /firewall/],
  // Node tries IPv6 and IPv4 for `localhost` and reports both inside an AggregateError.
  ['refused inside an AggregateError', fetchFailed(new AggregateError([new Error('no code'), systemError('ECONNREFUSED')])), 'connection', 'connection refused', true, /is the server running/],
  ['an unknown code', fetchFailed(systemError('EWEIRD', 'something odd')), 'connection', 'could not reach the server: something odd', false, /is the server running/],
  ['no code at all', new Error('plain failure'), 'connection', 'could not reach the server: plain failure', false, /is the server running/],
]

describe('transportFailure', () => {
  test.each(failures)('%s', (_label, error, kind, message, retryable, hint) => {
    const {failure, retryable: again} = transportFailure(URL_WITH_PORT, error)
    expect(failure.kind).toBe(kind)
    expect(failure.message).toBe(message)
    expect(failure.url).toBe(URL_WITH_PORT)
    expect(again).toBe(retryable)
    if (hint) expect(failure.hint).toMatch(hint)
    else expect(failure.hint).toBeUndefined()
  })

  test('a URL without a port names the default port in the hint', () => {
    const {failure} = transportFailure('http://localhost/v1/models', fetchFailed(systemError('ECONNREFUSED')))
    expect(failure.hint).toBe('is the server running and listening on port 80? `lillycoder discover` lists the servers it can find')
  })

  test('keeps the original error as the cause', () => {
    const error = fetchFailed(systemError('ECONNREFUSED'))
    expect(transportFailure(URL_WITH_PORT, error).failure.cause).toBe(error)
  })
})
