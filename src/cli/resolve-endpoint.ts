import type {Ask} from './choose-model.js'
import {ExitCode, UserError} from './user-error.js'

export const NO_ENDPOINT_HINT =
  'start a local model server (llama-server, ollama, LM Studio, vLLM, …) and pass --api http://127.0.0.1:8080/v1, or set LILLYCODER_API'

/** `--api` (or LILLYCODER_API) when given. */
export async function resolveEndpoint(api: string | undefined, _ask?: Ask): Promise<string> {
  if (api) return api
  throw new UserError(`no model server given: ${NO_ENDPOINT_HINT}`, ExitCode.endpoint)
}
