/** How lillycoder warns outside a session's transcript: one `lillycoder: warning: …` line on stderr. */
export function warnOnStderr(message: string): void {
  process.stderr.write(`lillycoder: warning: ${message}\n`)
}
