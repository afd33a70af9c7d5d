/** The form every message about an endpoint shows. */
export const API_EXAMPLE = 'http://127.0.0.1:8080/v1'

// `scheme://…` is a URL the user wrote out; anything else is taken as host[:port][/path] (`localhost:11434/v1`).
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i

/**
 * An endpoint as a person writes it (flag, environment or config file) → an http(s) URL, or why it is not one.
 * `host:port[/path]` gets `http://` in front, as people type it for local servers.
 */
export function readApiEndpoint(value: string): {url: string} | {problem: string} {
  const trimmed = value.trim()
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase()
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return {problem: `${scheme}:// is not http or https`}
  if (trimmed === '' || /\s/.test(trimmed)) return {problem: trimmed === '' ? 'it is empty' : 'it contains spaces'}
  const candidate = scheme === undefined ? `http://${trimmed}` : trimmed
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return {problem: 'it is not a URL'}
  }
  return url.hostname === '' ? {problem: 'it names no host'} : {url: candidate}
}
