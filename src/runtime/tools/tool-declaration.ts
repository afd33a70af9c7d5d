import type {z} from 'zod'

/**
 * What a call acts on. The policy engine confines, matches rules and grants on these;
 * the prompt shows them. Paths are as the model gave them (workspace-relative or absolute).
 */
export type Target =
  | {kind: 'path'; path: string}
  | {kind: 'command'; command: string}
  | {kind: 'package'; name: string; manager?: string}
  | {kind: 'value'; value: string}

/** What a tool may use while it runs. A tool never prompts, prints or reads globals. */
export interface ToolContext {
  /** Absolute real path of the workspace root (the directory lillycoder started in). */
  readonly workspace: string
  /** Aborted on Ctrl-C or timeout; a tool stops its work and child processes when it fires. */
  readonly signal: AbortSignal
  /**
   * Resolves a model-supplied path as the policy engine did: `~` and `~/x` are the home directory,
   * a relative path is relative to the workspace root. No confinement check (the policy did that at
   * decision time). Throws a ToolError for a path no tool may use (`~user/x`).
   */
  resolvePath(path: string): string
  /**
   * {@link resolvePath}, checked again just before a tool changes the disk: throws a ToolError when the
   * path now resolves (symlinks followed) outside the workspace, e.g. because a link was swapped while the
   * person was deciding. Returns what resolvePath returns (a final symlink is not replaced by its target, so
   * deleting a link still removes the link). A tool that writes, moves or deletes calls it right before touching the disk.
   */
  writablePath(path: string): Promise<string>
  /**
   * Optional: hands output to the person as it is produced (a running command's lines), shown live under the
   * call and gone when the call ends. Not part of the result: what the model reads is still `run`'s return value.
   */
  readonly onOutput?: (text: string) => void
}

/** What a tool returns: text for the model, and optional structured data for displays and --json. */
export interface ToolResult {
  text: string
  data?: Record<string, unknown>
}

/** Shown at the permission gate before a mutating call runs. */
export interface Preview {
  /** One line, e.g. `src/index.js (142 chars, new file)`. */
  summary: string
  /** A unified diff (the terminal colours it). */
  diff?: string
  /** Any other detail worth showing, as plain text (e.g. a multi-line command). */
  detail?: string
  /** A new file's whole content: the gate shows its first lines, highlighted, with its size and line count. */
  content?: string
  /** The directory a command runs in: the gate shows it beside the command. */
  cwd?: string
}

/**
 * A tool, as the model sees it and as the runtime runs it. The zod schema is the one source of
 * the JSON Schema sent to the model, of argument validation and of the argument types.
 */
export interface ToolDeclaration<P extends z.ZodObject = z.ZodObject> {
  /** snake_case, what the model calls. */
  name: string
  /** One or two sentences written for a small local model. */
  description: string
  parameters: P
  /** True when a call can change anything outside the process; such calls are gated. */
  mutates: boolean
  /** What a call acts on, from its validated arguments. */
  targets(args: z.output<P>): Target[]
  /** Detail for the permission gate, computed before the call runs (e.g. the diff an edit makes). */
  preview?(args: z.output<P>, ctx: ToolContext): Promise<Preview> | Preview
  run(args: z.output<P>, ctx: ToolContext): Promise<ToolResult>
}

/** Identity at runtime; gives a declaration its argument types from its schema. */
export function defineTool<P extends z.ZodObject>(declaration: ToolDeclaration<P>): ToolDeclaration<P> {
  return declaration
}
