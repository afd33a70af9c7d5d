// Which git command lines only read: a few subcommands, without the options that write files or run programs.

/** Options refused for every subcommand: a file written (`--output`), a program run (`--ext-diff`, `-O`), filters run (`--filters`, `--textconv`). */
const REFUSED_LONG = ['output', 'ext-diff', 'open-files-in-pager', 'filters', 'textconv']

type SubcommandCheck = (args: readonly string[]) => string | undefined

const anyArguments: SubcommandCheck = () => undefined

/** Only these options, and no operands: the listing forms of subcommands that otherwise create or delete. */
const onlyOptions =
  (subcommand: string, allowed: readonly string[]): SubcommandCheck =>
  (args) => {
    const other = args.find((arg) => !allowed.includes(arg))
    return other === undefined ? undefined : `git ${subcommand} ${other} may change the repository`
  }

const SUBCOMMANDS: Readonly<Record<string, SubcommandCheck>> = {
  status: anyArguments,
  diff: anyArguments,
  log: anyArguments,
  show: anyArguments,
  shortlog: anyArguments,
  describe: anyArguments,
  blame: anyArguments,
  grep: (args) => (args.some((arg) => /^-[^-]*O/.test(arg)) ? 'git grep -O opens files in a program' : undefined),
  'rev-parse': anyArguments,
  'rev-list': anyArguments,
  'ls-files': anyArguments,
  'ls-tree': anyArguments,
  'cat-file': anyArguments,
  'show-ref': onlyOptions('show-ref', ['--heads', '--tags', '--head', '-d', '--dereference', '-s', '--hash', '--abbrev']),
  branch: onlyOptions('branch', ['-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '--show-current', '--list', '-l', '--no-color']),
  tag: (args) => (args.length === 0 || args.some((arg) => arg === '-l' || arg === '--list') ? onlyListing(args) : 'git tag with a name creates a tag'),
  remote: onlyOptions('remote', ['-v', '--verbose']),
  stash: (args) => (args[0] === 'list' ? undefined : 'git stash other than `git stash list` changes the working tree'),
}

function onlyListing(args: readonly string[]): string | undefined {
  const writing = args.find((arg) => /^-[^-]*[adfsmu]|^--(annotate|delete|force|sign|message|file|local-user)/.test(arg))
  return writing === undefined ? undefined : `git tag ${writing} changes tags`
}

/**
 * Why `git ARGS` is not read-only, or undefined when it is. Global options other than `--no-pager` are
 * refused: `-c`, `--config-env`, `--exec-path`, `--git-dir`, `--work-tree`, `-C` all change what git runs or where.
 */
export function gitRefusal(args: readonly string[]): string | undefined {
  let at = 0
  while (args[at] === '--no-pager') at += 1
  const subcommand = args[at]
  if (subcommand === undefined) return 'git without a subcommand'
  if (subcommand.startsWith('-')) return `git ${subcommand} changes how git runs`
  const check = Object.hasOwn(SUBCOMMANDS, subcommand) ? SUBCOMMANDS[subcommand] : undefined
  if (!check) return `git ${subcommand} is not known to only read`
  const rest = args.slice(at + 1)
  const refused = rest.find((arg) => refusedLong(arg))
  if (refused !== undefined) return `git ${subcommand} ${refused} writes a file or runs a program`
  return check(rest)
}

/** `--output=x`, and abbreviations such as `--outp=x` (git accepts any unambiguous prefix). */
function refusedLong(arg: string): boolean {
  if (!arg.startsWith('--') || arg === '--') return false
  const name = arg.slice(2).split('=')[0] ?? ''
  return name.length > 0 && REFUSED_LONG.some((refused) => refused.startsWith(name))
}
