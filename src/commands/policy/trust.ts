import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {policyFileFor} from '../../cli/session/load-policy.js'
import {currentWorkspace} from '../../cli/workspace.js'
import {loadTrustStore, saveTrustStore} from '../../policy/edge/trust-store.js'
import {trust} from '../../policy/trust.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'

export default class PolicyTrust extends BaseCommand {
  static override summary = "Trust a project policy file's allow rules, as the file is now"
  static override description = 'Deny and ask rules of a project file always apply; its allow rules only once trusted. Trust is pinned to the content: editing the file untrusts it.'
  static override args = {file: Args.string({description: 'The policy file (default: the project file found from here)'})}
  static override examples = ['<%= config.bin %> policy trust', '<%= config.bin %> policy trust ./.lillycoderrc.yaml']

  async run(): Promise<void> {
    const {args} = await this.parse(PolicyTrust)
    const file = await policyFileFor(args.file, await currentWorkspace())
    if (file.origin === 'user') {
      this.log(`${file.path} is your own config file; its allow rules always apply`)
      return
    }
    const {state} = xdgPaths()
    await saveTrustStore(state, trust(await loadTrustStore(state), file.path, file.sha256, new Date()))
    const allow = file.rules.filter((rule) => rule.action === 'allow').length
    const rules = allow === 1 ? 'its 1 allow rule now applies' : `its ${allow} allow rules now apply`
    this.log(`trusted ${file.path} (sha256 ${file.sha256.slice(0, 12)}): ${rules}; editing the file untrusts it`)
  }
}
