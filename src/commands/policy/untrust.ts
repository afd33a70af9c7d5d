import path from 'node:path'

import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {policyFileFor} from '../../cli/session/load-policy.js'
import {currentWorkspace} from '../../cli/workspace.js'
import {loadTrustStore, saveTrustStore} from '../../policy/edge/trust-store.js'
import {untrust} from '../../policy/trust.js'
import {xdgPaths} from '../../runtime/config/xdg-paths.js'

export default class PolicyUntrust extends BaseCommand {
  static override summary = "Stop trusting a project policy file's allow rules"
  static override args = {file: Args.string({description: 'The policy file (default: the project file found from here); it may no longer exist'})}
  static override examples = ['<%= config.bin %> policy untrust', '<%= config.bin %> policy untrust ./.lillycoderrc.yaml']

  async run(): Promise<void> {
    const {args} = await this.parse(PolicyUntrust)
    const {state} = xdgPaths()
    const store = await loadTrustStore(state)
    // A named file is matched as stored, so a deleted or broken file can still be forgotten.
    const named = args.file === undefined ? undefined : path.resolve(args.file)
    const file = named && store.files.some((entry) => entry.path === named) ? named : (await policyFileFor(args.file, await currentWorkspace())).path
    const result = untrust(store, file)
    if (!result.removed) {
      this.log(`${file} was not trusted; nothing to do`)
      return
    }
    await saveTrustStore(state, result.store)
    this.log(`untrusted ${file}: its allow rules no longer apply`)
  }
}
