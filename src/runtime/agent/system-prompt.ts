import type {Persona} from '../config/personas.js'

/** The system prompt: the persona's voice, then where it works and the rules every tool call follows. */
export function buildSystemPrompt(persona: Persona, workspace: string): string {
  return `${persona.prompt}

Workspace: ${workspace}
All paths are relative to the workspace unless absolute. You can only change files inside it.

Tool rules:
- Use the tools to act; do not paste whole files into your reply.
- read_file shows line numbers; they are not part of the file. Copy old_string for edit_file exactly, without them.
- A call that changes something may need the user's approval. If a call is refused or declined, do not repeat it: change approach or ask.
- When the task is done, answer in plain text without calling a tool.`
}
