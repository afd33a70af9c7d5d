import type {PermissionAnswer, Prompter} from './prompter.js'

export const NO_ONE_TO_ASK = 'no one to approve it; pass --bypass-permissions or add an allow rule'

/** For `run`: there is no one to ask, so a call that would ask is refused and the model is told why. */
export class HeadlessPrompter implements Prompter {
  async askPermission(): Promise<PermissionAnswer> {
    return {kind: 'unanswered', reason: NO_ONE_TO_ASK}
  }
}
