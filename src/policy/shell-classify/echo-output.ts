// What `echo` and `printf` print, for a script they write to a file or pipe into a shell.

/** The arguments without a leading `-n`, `-e` or `-E` flag word, which echo does not print. */
export function withoutEchoFlags<T>(args: T[], text: (arg: T) => string): T[] {
  return args.filter((arg, index) => index > 0 || !/^-[neE]+$/.test(text(arg)))
}

/** The two escapes a printf'd script needs to read as lines: `\n` and `\t`. */
export function decodePrintf(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t')
}
