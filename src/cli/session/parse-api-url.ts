import {UserError} from '../user-error.js'

/** Where an endpoint came from, for the error line: `--api`, `LILLYCODER_API`, or the saved config. */
export type ApiOrigin = '--api' | 'LILLYCODER_API' | 'api in the user config'

const EXAMPLE = 'http://127.0.0.1:8080/v1'
// `scheme://…` is a URL the user wrote out; anything else is taken as host[:port][/path] (`localhost:11434/v1`).
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i

/**
 * An endpoint as the user wrote it → an http(s) URL. `host:port[/path]` gets `http://` in front, as people type
 * it for local servers; another scheme, spaces, or no host is a usage error naming the value and the expected form.
 */
export function parseApiUrl(value: string, origin: ApiOrigin): string {
  const trimmed = value.trim()
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase()
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') throw invalid(value, origin, `${scheme}:// is not http or https`)
  if (trimmed === '' || /\s/.test(trimmed)) throw invalid(value, origin, trimmed === '' ? 'it is empty' : 'it contains spaces')
  const candidate = scheme === undefined ? `http://${trimmed}` : trimmed
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    throw invalid(value, origin, 'it is not a URL')
  }
  if (url.hostname === '') throw invalid(value, origin, 'it names no host')
  return candidate
}

function invalid(value: string, origin: ApiOrigin, why: string): UserError {
  return new UserError(`${origin} ${JSON.stringify(value)} is not an http(s) endpoint (${why}); expected the form ${EXAMPLE}`)
}
