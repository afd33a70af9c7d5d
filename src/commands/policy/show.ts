import {BaseCommand} from '../../cli/base-command.js'
import {loadPolicy} from '../../cli/session/load-policy.js'
import {loadRegistryWithWarnings} from '../../cli/session/load-registry.js'
import {currentWorkspace} from '../../cli/workspace.js'
import {describePolicy, formatPolicy, type PolicyDescription} from '../../policy/describe-policy.js'

export default class PolicyShow extends BaseCommand {
  static override summary = 'Show the policy files in effect here, their rules, and which allow rules are trusted'
  static override enableJsonFlag = true
  static override examples = ['<%= config.bin %> policy show', '<%= config.bin %> policy show --json']

  async run(): Promise<PolicyDescription> {
    const workspace = await currentWorkspace()
    const registry = await loadRegistryWithWarnings(this.config, workspace)
    const policy = await loadPolicy({workspace, toolNames: registry.names(), quietAboutTrust: true})
    const description = describePolicy(policy.files, policy.store)
    if (!this.jsonEnabled()) this.log(formatPolicy(description))
    return description
  }
}
