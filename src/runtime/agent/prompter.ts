import type {Decision, PreparedCall} from '../../policy/types.js'
import type {Preview} from '../tools/tool-declaration.js'

export type PermissionAnswer =
  | {kind: 'yes'}
  | {kind: 'no'; reason?: string}
  | {kind: 'always'}
  | {kind: 'path'}
  /** Ctrl-C at the prompt: refuse this call and end the turn. */
  | {kind: 'cancel'}
  /** Nobody can answer (headless): the call is refused with this reason. */
  | {kind: 'unanswered'; reason: string}

export interface PermissionRequest {
  call: PreparedCall
  decision: Decision
  preview?: Preview
}

/** Asks the human y/n/a/p. The REPL has a terminal one, tests a scripted one, headless one that can't ask. */
export interface Prompter {
  askPermission(request: PermissionRequest, signal: AbortSignal): Promise<PermissionAnswer>
}
