import type {Persona} from '../config/personas.js'

/**
 * The system prompt: the persona's voice, then where it works and the rules every tool call follows, then the
 * project's AGENTS.md section when there is one. Each rule is said here once; tool descriptions say only what is
 * particular to their tool. The rules are the same whatever the voice: a persona is only how it talks and works.
 */
export function buildSystemPrompt(persona: Pick<Persona, 'prompt'>, workspace: string, projectInstructions?: string): string {
  return `${persona.prompt}

Workspace: ${workspace}
Paths are relative to it unless absolute; you can change files only inside it.

Rules:
- Act through the tools; don't paste whole files into your reply.
- Read a file before you edit it; search before you guess where something is.
- Make the smallest change that works, in the project's style, then run its tests or build if it has any.
- Changes may need the user's approval. If a call is refused or declined, don't repeat it: try another way or ask.
- If a tool fails, read the error and change something before trying again. Never claim you did something you didn't.
- When the task is done, answer in plain text without calling a tool.${projectInstructions ? `\n\n${projectInstructions}` : ''}`
}
