import {ModelError} from './model-error.js'

/** The longest Retry-After a request waits out; a server that asks for more is reported instead of waited for. */
export const MAX_RETRY_AFTER_MS = 30_000

/**
 * A `Retry-After` header (RFC 9110 §10.2.3) as milliseconds to wait from `now`: delay-seconds or an HTTP date.
 * Undefined when there is none or it cannot be read; a date in the past is no wait.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return undefined
  if (/^\d+$/u.test(text)) return Number.parseInt(text, 10) * 1000
  // An HTTP date starts with the day's name; anything else (`-1`, `1.5`) is no header V8's date parser should guess at.
  const date = /^[A-Za-z]{3}/u.test(text) ? Date.parse(text) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** The failure, with a hint that says how long the server asked to wait, when that is longer than a retry waits. */
export function withRetryAfterHint(failure: ModelError, retryAfterMs: number): ModelError {
  const hint = `the server asks to wait ${Math.ceil(retryAfterMs / 1000)} s before the next request (Retry-After); try again then`
  const {kind, url, status, serverMessage, rawBody} = failure
  return new ModelError({kind, url, message: failure.message, ...(status === undefined ? {} : {status}), ...(serverMessage === undefined ? {} : {serverMessage}), ...(rawBody === undefined ? {} : {rawBody}), hint}, {cause: failure})
}
