// Reading a repository's own git config for settings that make a reading git command run a program.

/**
 * Keys under which git config names a program that `git status|diff|log|show` may run: core.fsmonitor,
 * diff.external, diff.<driver>.command|textconv, filter.<driver>.clean|smudge|process, gpg(.*).program.
 * Matched in any section, which only errs on the side of asking.
 */
const RUNS_PROGRAM = new Set(['fsmonitor', 'external', 'command', 'textconv', 'clean', 'smudge', 'process', 'program'])

/** The setting that would run a program, or undefined. `[include]` and `[includeIf]` pull in files not read here, so they count too. */
export function gitConfigProgram(text: string): string | undefined {
  let section = ''
  for (const line of text.split(/\r?\n/)) {
    let rest = line.trim()
    const header = /^\[([^\]]*)\]/.exec(rest)
    if (header) {
      section = (header[1] ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? ''
      if (section.startsWith('include')) return `[${header[1] ?? ''}]`
      rest = rest.slice(header[0].length).trim()
    }
    const key = /^([A-Za-z][A-Za-z0-9-]*)\s*(=|$|[#;])/.exec(rest)?.[1]?.toLowerCase()
    if (key !== undefined && RUNS_PROGRAM.has(key)) return `${section}.${key}`
  }
  return undefined
}
