import type {ParsedCommand} from './parsed-command.js'

/**
 * The words of a line that is one plain command: a single simple command of literal words, with no pipe,
 * list, redirection, substitution, variable, leading assignment, background `&`, subshell, function or nested script.
 * Undefined for anything else: only such a line may be matched by its first words (a command grant).
 */
export function plainCommandWords(parsed: ParsedCommand): string[] | undefined {
  if (parsed.hasErrors || parsed.functions.length > 0 || parsed.commands.length !== 1) return undefined
  const [command] = parsed.commands
  const plain =
    command.argv.length > 0 &&
    command.assignments.length === 0 &&
    command.redirects.length === 0 &&
    command.nested.length === 0 &&
    !command.background &&
    command.function === undefined &&
    command.syntax.length === 1 &&
    command.argv.every((word) => word.parts.every((part) => part.kind === 'literal'))
  return plain ? command.argv.map((word) => word.text) : undefined
}
