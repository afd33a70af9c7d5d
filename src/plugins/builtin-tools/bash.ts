import {z} from 'zod'

import {findExecutable} from '../../runtime/process/find-executable.js'
import {formatProcessResult, NON_INTERACTIVE_ENV, OUTPUT_BUDGET_BYTES} from '../../runtime/process/format-process-result.js'
import {runProcess} from '../../runtime/process/run-process.js'
import {sandboxForCommand} from '../../runtime/process/session-sandbox.js'
import {defineTool} from '../../runtime/tools/tool-declaration.js'

const parameters = z.object({
  command: z.string().min(1),
  timeout_ms: z
    .number()
    .int()
    .positive()
    .max(600_000)
    .default(120_000)
    .describe('Raise it for long builds; max 600000'),
})

export default defineTool({
  name: 'bash',
  description:
    'Run a shell command in the workspace root; returns exit code, stdout and stderr. Nothing can be typed in: use non-interactive flags. To read or search files, use read_file, find_files and grep instead.',
  parameters,
  mutates: true,
  targets: (args) => [{kind: 'command', command: args.command}],
  preview: (args, ctx) => ({summary: firstLine(args.command), detail: args.command, cwd: ctx.workspace}),
  async run(args, ctx) {
    // Throws (nothing runs) under --sandbox on without a working sandbox.
    const sandbox = sandboxForCommand('bash', ctx.workspace)
    const result = await runProcess({
      // bash from PATH, or sh where there is none (minimal containers).
      file: (await findExecutable('bash')) ?? 'sh',
      args: ['-c', args.command],
      cwd: ctx.workspace,
      env: NON_INTERACTIVE_ENV,
      timeoutMs: args.timeout_ms,
      signal: ctx.signal,
      // Twice the budget, so the shown head and tail can be cut again on line boundaries.
      maxOutputBytes: 2 * OUTPUT_BUDGET_BYTES,
      sandbox,
      // Both streams as they come, for the live view under the call; the model still gets the result below.
      onOutput: ctx.onOutput,
    })
    return formatProcessResult(result, {timeoutMs: args.timeout_ms, maxBytes: OUTPUT_BUDGET_BYTES, sandbox: sandbox?.plan})
  },
})

function firstLine(command: string): string {
  const lines = command.trim().split('\n')
  const first = lines[0].length > 120 ? `${lines[0].slice(0, 119)}…` : lines[0]
  return lines.length > 1 ? `${first} … (${lines.length} lines)` : first
}
