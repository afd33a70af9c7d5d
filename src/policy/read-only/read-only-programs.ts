// The programs a command line may use and still be proven read-only, with the options that would break that.

import {gitRefusal} from './git-read-only.js'

/** What makes an otherwise read-only program write, run another program, or read past the workspace. */
export interface ProgramRule {
  /** Long options refused; an abbreviation (`--out` for `--output`) is refused too, as GNU getopt and git accept them. */
  long?: readonly string[]
  /** Short option letters refused wherever they sit in a bundle (`-uo` holds `-o`). */
  short?: string
  /** Its operands are text, not files it opens (echo, basename): they are not checked as paths. */
  textOperands?: true
  /** A further check on its arguments (quote-removed); returns why they are not read-only. */
  check?: (args: readonly string[]) => string | undefined
}

const noOperands =
  (program: string) =>
  (args: readonly string[]): string | undefined =>
    args.some((arg) => !arg.startsWith('-')) ? `${program} with an operand changes settings` : undefined

// Follow-links options are refused: a symlink met while recursing could lead out of the workspace.
export const READ_ONLY_PROGRAMS: Readonly<Record<string, ProgramRule>> = {
  // Its subcommands and their options are a table of their own.
  git: {check: gitRefusal},
  ls: {short: 'L', long: ['dereference']},
  cat: {},
  tac: {},
  head: {},
  tail: {},
  wc: {long: ['files0-from']},
  nl: {},
  cut: {},
  tr: {textOperands: true},
  rev: {},
  fold: {},
  expand: {},
  unexpand: {},
  paste: {},
  join: {},
  comm: {},
  cmp: {},
  // GNU diff follows symlinks while recursing.
  diff: {short: 'r', long: ['recursive']},
  column: {},
  od: {},
  hexdump: {},
  strings: {},
  stat: {},
  // -C writes a compiled magic file; -f reads file names from a list, which may name any file.
  file: {short: 'Cf', long: ['compile', 'files-from']},
  readlink: {},
  realpath: {},
  du: {short: 'L', long: ['dereference', 'files0-from']},
  df: {},
  // -R (with -H) and -o write files; -l follows links.
  tree: {short: 'Rol', long: ['output']},
  grep: {short: 'R', long: ['dereference-recursive']},
  egrep: {short: 'R', long: ['dereference-recursive']},
  fgrep: {short: 'R', long: ['dereference-recursive']},
  // --pre and --hostname-bin run programs, -z runs decompressors, -L follows links.
  rg: {short: 'Lz', long: ['pre', 'pre-glob', 'hostname-bin', 'follow', 'search-zip']},
  sort: {short: 'o', long: ['output', 'compress-program', 'files0-from']},
  // `uniq IN OUT` writes OUT.
  uniq: {check: (args) => (args.filter((arg) => !arg.startsWith('-')).length > 1 ? 'uniq with two operands writes the second' : undefined)},
  // -c reads the files a checksum list names, wherever they are.
  md5sum: {short: 'c', long: ['check']},
  sha1sum: {short: 'c', long: ['check']},
  sha256sum: {short: 'c', long: ['check']},
  sha512sum: {short: 'c', long: ['check']},
  b2sum: {short: 'c', long: ['check']},
  cksum: {short: 'c', long: ['check']},
  // -exec/-ok run programs, -delete and -fprint*/-fls write, -L/-follow follow links, -files0-from starts anywhere.
  find: {check: (args) => findRefusal(args)},
  test: {},
  '[': {},
  echo: {textOperands: true},
  printf: {textOperands: true},
  basename: {textOperands: true},
  dirname: {textOperands: true},
  seq: {textOperands: true},
  true: {textOperands: true},
  false: {textOperands: true},
  pwd: {},
  whoami: {},
  id: {textOperands: true},
  uname: {},
  nproc: {},
  arch: {},
  which: {textOperands: true},
  type: {textOperands: true},
  // `date MMDDhhmm` and -s set the clock; `+FORMAT` only prints.
  date: {
    short: 's',
    long: ['set'],
    check: (args) => (args.some((arg) => !arg.startsWith('-') && !arg.startsWith('+')) ? 'date with an operand sets the clock' : undefined),
  },
  hostname: {short: 'bF', long: ['boot', 'file'], check: noOperands('hostname')},
}

const FIND_REFUSED = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls', '-L', '-follow', '-files0-from'])

function findRefusal(args: readonly string[]): string | undefined {
  const refused = args.find((arg) => FIND_REFUSED.has(arg))
  return refused === undefined ? undefined : `find ${refused} runs programs, writes files or follows links`
}
