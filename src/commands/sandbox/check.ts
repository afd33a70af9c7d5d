import {BaseCommand} from '../../cli/base-command.js'
import {checkSandbox, formatSandboxCheck, type SandboxCheck} from '../../cli/sandbox-check.js'
import {loadPolicy} from '../../cli/session/load-policy.js'
import {currentWorkspace} from '../../cli/workspace.js'

export default class SandboxCheckCommand extends BaseCommand {
  static override summary = 'Say whether commands would run in the bubblewrap sandbox here, and with which mounts'
  static override description =
    'Probes bubblewrap once with the plan a session in this folder would use, whatever the mode, and prints the result, the mode (from the user config) and the mounts. Exits 1 when the sandbox does not work here.'
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> sandbox check', '<%= config.bin %> sandbox check --json']

  async run(): Promise<SandboxCheck> {
    await this.parse(SandboxCheckCommand)
    const workspace = await currentWorkspace()
    const {files} = await loadPolicy({workspace})
    const check = await checkSandbox(workspace, files.find((file) => file.origin === 'user')?.settings.sandbox)
    if (!this.jsonEnabled()) {
      for (const warning of check.warnings) this.logToStderr(`lillycoder: ${warning}`)
      this.log(formatSandboxCheck(check))
    }
    if (!check.available) process.exitCode = 1
    return check
  }
}
