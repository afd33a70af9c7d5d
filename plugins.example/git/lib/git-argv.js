/**
 * The argv of every git call, with the settings that keep a repository's own config from running programs.
 * A workspace's `.git/config` is a file the model can write, and git_status/git_diff/git_log run without
 * asking, so they must not start anything that config names; git_commit asks first and runs what
 * `git commit` runs (hooks, clean filters, signing), which its preview lists.
 */

// Always: no pager (no terminal here anyway), no fsmonitor program, UTF-8 file names as they are, no colour.
const ALWAYS = [
  'core.fsmonitor=false',
  'core.pager=cat',
  'core.quotePath=false',
  'color.ui=false',
]

// Read-only calls also: no hooks (git status may write the index, which runs post-index-change),
// no gpg for signatures git log would otherwise verify.
const READ_ONLY = ['core.hooksPath=/dev/null', 'log.showSignature=false']

/**
 * @param {string[]} command  the git subcommand and its arguments, e.g. ['status', '--short']
 * @param {{readOnly: boolean, repoFilters?: string[]}} options
 *   repoFilters: filter drivers the repository's own config defines; a read-only call runs none of them.
 * @returns {string[]}
 */
export function gitArgv(command, {readOnly, repoFilters = []}) {
  const settings = [...ALWAYS]
  if (readOnly) {
    settings.push(...READ_ONLY)
    // An empty command turns a clean/smudge/process filter off; required=false keeps git from failing without it.
    for (const name of repoFilters)
      settings.push(`filter.${name}.clean=`, `filter.${name}.smudge=`, `filter.${name}.process=`, `filter.${name}.required=false`)
  }
  // Paths are file names, never pathspec magic or globs: `*` or `:(top)` must not reach past the targets policy checked.
  return [...settings.flatMap((setting) => ['-c', setting]), '--literal-pathspecs', '--no-optional-locks', ...command]
}

/**
 * Filter driver names defined by repository-scoped config (`.git/config`, `config.worktree`), from
 * `git config --show-scope --get-regexp ^filter\.` output. The user's own (global, system) filters, such as
 * git-lfs, are the user's choice and stay on.
 * @param {string} listing
 * @returns {string[]}
 */
export function repoFilterNames(listing) {
  const names = new Set()
  for (const line of listing.split('\n')) {
    const match = /^(local|worktree)\tfilter\.(.+)\.[^.\s]+\s/.exec(line + ' ')
    if (match) names.add(match[2])
  }
  return [...names]
}
