import {API_EXAMPLE, readApiEndpoint} from '../../runtime/config/api-endpoint.js'
import {UserError} from '../user-error.js'

/** Where an endpoint came from, for the error line: `--api`, `LILLYCODER_API`, or the saved config. */
export type ApiOrigin = '--api' | 'LILLYCODER_API' | 'api in the user config'

/** An endpoint as the user wrote it → an http(s) URL; anything else is a usage error naming the value, its origin and the expected form. */
export function parseApiUrl(value: string, origin: ApiOrigin): string {
  const read = readApiEndpoint(value)
  if ('url' in read) return read.url
  throw new UserError(`${origin} ${JSON.stringify(value)} is not an http(s) endpoint (${read.problem}); expected the form ${API_EXAMPLE}`)
}
