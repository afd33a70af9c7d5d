import type {WireServer} from './wire-server.js'

/** The bodies of the chat requests a scripted server received, in order, typed as the caller reads them. */
export function chatRequestBodies<Body>(server: WireServer): Body[] {
  return server.requests.filter((request) => request.path.startsWith('/v1/chat/completions')).map((request) => request.body as Body)
}

/** `run --json` output: one JSON object per line. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}
