// marked-terminal ships no types (and @types/marked-terminal pins marked < 12): the one function used here.
declare module 'marked-terminal' {
  import type {MarkedExtension} from 'marked'
  export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): MarkedExtension
}
