import type {GrepRequest, GrepResult} from './grep-request.js'
import {grepWithJavaScript} from './js-grep.js'
import {grepWithRipgrep} from './ripgrep.js'

/** Greps with ripgrep when there is one and it can run the pattern, else in JavaScript; both answer alike. */
export async function grepFiles(request: GrepRequest, ripgrep: string | undefined): Promise<GrepResult> {
  const viaRipgrep = ripgrep && request.pattern.ripgrep !== undefined ? await grepWithRipgrep(ripgrep, request) : undefined
  return viaRipgrep ?? grepWithJavaScript(request)
}
