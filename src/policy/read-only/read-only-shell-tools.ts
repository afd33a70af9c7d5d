/**
 * Tools whose command target the read-only proof may allow: the builtin bash runs the line as is, in the
 * workspace (builtins win name clashes). A plugin's command target may run elsewhere or as someone else.
 */
export const READ_ONLY_SHELL_TOOLS: ReadonlySet<string> = new Set(['bash'])
