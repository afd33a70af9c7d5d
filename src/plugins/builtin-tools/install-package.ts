import {z} from 'zod'

import {detectPackageManager} from '../../runtime/process/detect-package-manager.js'
import {formatProcessResult, NON_INTERACTIVE_ENV, OUTPUT_BUDGET_BYTES} from '../../runtime/process/format-process-result.js'
import {buildInstallCommand, PACKAGE_MANAGERS, type InstallCommand, type PackageManager} from '../../runtime/process/package-install-command.js'
import {runProcess} from '../../runtime/process/run-process.js'
import {sandboxForCommand} from '../../runtime/process/session-sandbox.js'
import {defineTool, type ToolContext} from '../../runtime/tools/tool-declaration.js'
import {ToolError} from '../../runtime/tools/tool-error.js'

const INSTALL_TIMEOUT_MS = 10 * 60 * 1000

const parameters = z.object({
  packages: z
    .array(z.string())
    .min(1)
    .describe('Names, optionally with a version: "lodash@4", "requests==2.31"'),
  manager: z.enum(PACKAGE_MANAGERS).optional().describe('Default: detected from the project'),
  dev: z.boolean().default(false).describe('A dev dependency (tests, build tools)'),
})

type InstallArgs = z.output<typeof parameters>

export default defineTool({
  name: 'install_package',
  description: 'Add packages to the project with its package manager.',
  parameters,
  mutates: true,
  targets: (args) => args.packages.map((name) => ({kind: 'package' as const, name, manager: args.manager})),
  async preview(args, ctx) {
    const command = await installCommandFor(args, ctx)
    return {
      // The `--` that ends options is noise for a person reading the prompt; the detail has the exact argv.
      summary: [command.file, ...command.args.filter((arg) => arg !== '--')].join(' '),
      detail: `Runs without a shell in ${ctx.workspace}: ${JSON.stringify([command.file, ...command.args])}`,
    }
  },
  async run(args, ctx) {
    const command = await installCommandFor(args, ctx)
    // The network stays (it must download); the write limits are bash's.
    const sandbox = sandboxForCommand('install', ctx.workspace)
    const result = await runProcess({
      file: command.file,
      args: command.args,
      cwd: ctx.workspace,
      env: NON_INTERACTIVE_ENV,
      timeoutMs: INSTALL_TIMEOUT_MS,
      signal: ctx.signal,
      maxOutputBytes: 2 * OUTPUT_BUDGET_BYTES,
      sandbox,
      // Both streams as they come, for the live view under the call; the model still gets the result below.
      onOutput: ctx.onOutput,
    })
    const output = formatProcessResult(result, {timeoutMs: INSTALL_TIMEOUT_MS, maxBytes: OUTPUT_BUDGET_BYTES, sandbox: sandbox?.plan})
    const commandLine = [command.file, ...command.args].join(' ')
    return {
      text: [`Ran: ${commandLine}`, command.note, output.text].filter(Boolean).join('\n'),
      data: {...output.data, argv: [command.file, ...command.args]},
    }
  },
})

/** Validates every name before anything runs; throws ToolError when a name or the manager is unusable. */
async function installCommandFor(args: InstallArgs, ctx: ToolContext): Promise<InstallCommand> {
  const manager = args.manager ?? (await detectedManager(ctx.workspace))
  return buildInstallCommand({manager, packages: args.packages, dev: args.dev})
}

async function detectedManager(workspace: string): Promise<PackageManager> {
  const detection = await detectPackageManager(workspace)
  if (detection.manager !== null) return detection.manager
  throw new ToolError({
    what: 'Could not tell which package manager this project uses',
    why: detection.reason,
    hint: `pass manager, one of: ${PACKAGE_MANAGERS.join(', ')}`,
  })
}
