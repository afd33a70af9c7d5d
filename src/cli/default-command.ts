const TOP_LEVEL_FLAGS = new Set(['--help', '-h', '--version', '-v'])

/**
 * `lillycoder` alone, or with only flags (`lillycoder --api …`), starts chat, as the seed's users type it.
 * `--help` and `--version` keep their top-level meaning.
 */
export function withDefaultCommand(argv: string[]): string[] {
  if (argv.length === 0) return ['chat']
  if (argv[0].startsWith('-') && !TOP_LEVEL_FLAGS.has(argv[0])) return ['chat', ...argv]
  return argv
}
