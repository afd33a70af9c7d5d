import path from 'node:path'

/**
 * Tab completion for the REPL's line, pure but for the two lookups it is given: slash commands, persona names
 * after `/persona`, and workspace paths after `@` anywhere in the line. The answer is readline's completer
 * result: the candidates, and the end of the line they complete (readline replaces it with the choice).
 */

/** One entry of a workspace directory. */
export interface DirectoryEntry {
  name: string
  isDirectory: boolean
}

export interface CompletionSources {
  slashCommands: readonly string[]
  /** Bundled and user personas, read when asked (a persona added mid-session completes too). */
  personaNames(): Promise<readonly string[]>
  /** The entries of a workspace directory (POSIX, relative, '' for the root), ignore files respected. */
  listDirectory(relativeDirectory: string): Promise<readonly DirectoryEntry[]>
}

export type Completion = [candidates: string[], completing: string]

const PERSONA_SUBCOMMANDS = ['add', 'copy', 'diff', 'evolve', 'remove']
/** The /persona subcommands whose next word is an existing persona. */
const TAKES_PERSONA = new Set(['copy', 'diff', 'remove'])

/** Completes `line` (the text before the cursor). */
export async function completeLine(line: string, sources: CompletionSources): Promise<Completion> {
  const lastWord = line.slice(line.search(/\S*$/))
  if (lastWord.startsWith('@')) return completePath(lastWord, sources)
  if (!line.startsWith('/')) return [[], line]
  const words = line.split(/\s+/)
  if (words.length === 1) return [matching(sources.slashCommands, line), line]
  if (words[0] === '/persona') return completePersonaArgs(words.slice(1), sources)
  return [[], lastWord]
}

async function completePersonaArgs(args: string[], sources: CompletionSources): Promise<Completion> {
  const word = args.at(-1) ?? ''
  if (args.length === 1) return [matching([...PERSONA_SUBCOMMANDS, ...(await sources.personaNames())], word), word]
  if (args.length === 2 && TAKES_PERSONA.has(args[0])) return [matching(await sources.personaNames(), word), word]
  if (args.length === 2 && args[0] === 'evolve') return [matching(['on', 'off'], word), word]
  return [[], word]
}

/** `@src/cl` → `@src/cli/`; directories end in `/`; nothing for a path that leaves the workspace. */
async function completePath(word: string, sources: CompletionSources): Promise<Completion> {
  const typed = word.slice(1)
  const slash = typed.lastIndexOf('/')
  const directory = typed.slice(0, slash + 1)
  const partial = typed.slice(slash + 1)
  if (!insideWorkspace(directory)) return [[], word]
  const entries = await sources.listDirectory(normalDirectory(directory))
  // Dotfiles only when asked for, as shells do.
  const shown = entries.filter((entry) => entry.name.startsWith(partial) && (partial.startsWith('.') || !entry.name.startsWith('.')))
  const candidates = shown.map((entry) => `@${directory}${entry.name}${entry.isDirectory ? '/' : ''}`).sort()
  return [candidates, word]
}

/** A relative POSIX directory that stays inside the workspace (`a/../b/` does; `../x/`, `/etc/` and `a/../../` do not). */
export function insideWorkspace(directory: string): boolean {
  if (directory.startsWith('/')) return false
  let depth = 0
  for (const part of directory.split('/')) {
    if (part === '..') depth--
    else if (part !== '' && part !== '.') depth++
    if (depth < 0) return false
  }
  return true
}

/** `src/../lib/` → `lib`, `./` → '': the directory as the lookup wants it. */
function normalDirectory(directory: string): string {
  const normal = path.posix.normalize(directory === '' ? '.' : directory).replace(/\/+$/, '')
  return normal === '.' ? '' : normal
}

function matching(names: readonly string[], prefix: string): string[] {
  return [...new Set(names.filter((name) => name.startsWith(prefix)))].sort()
}
