import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {findTool} from '../../cli/describe-tool.js'
import {loadPolicy} from '../../cli/session/load-policy.js'
import {loadRegistryWithWarnings} from '../../cli/session/load-registry.js'
import {UserError} from '../../cli/user-error.js'
import {currentWorkspace} from '../../cli/workspace.js'
import {type DecisionExplanation, explainDecision, formatExplanation} from '../../policy/explain-decision.js'
import {parseCallArguments} from '../../runtime/tools/call-arguments.js'
import {prepareCall} from '../../runtime/tools/prepare-call.js'
import {SessionPolicyEngine} from '../../policy/edge/session-policy-engine.js'
import {checkSandbox} from '../../cli/sandbox-check.js'

/** The builtin tools that run commands: their explanation says what the sandbox lets them do. */
const COMMAND_TOOLS = new Set(['bash', 'install_package'])

export default class PolicyExplain extends BaseCommand {
  static override summary = 'Show what the policy would decide for one tool call here, without running it'
  static override description = 'Asks the same policy engine the agent uses (with no session grants): allow, ask or deny, the reason, and the rule and file behind it.'
  static override args = {tool: Args.string({required: true, description: 'Tool name, e.g. bash'})}
  static override flags = {
    args: Flags.string({description: "The call's arguments as a JSON object", default: '{}'}),
    'bypass-permissions': Flags.boolean({description: 'Decide as a session with --bypass-permissions would (it never beats a hard deny or a deny rule)', default: false}),
  }
  static override enableJsonFlag = true
  static override examples = [
    `<%= config.bin %> policy explain bash --args '{"command":"git push"}'`,
    `<%= config.bin %> policy explain write_file --args '{"path":"src/a.ts","content":""}' --json`,
  ]

  async run(): Promise<DecisionExplanation> {
    const {args, flags} = await this.parse(PolicyExplain)
    const workspace = await currentWorkspace()
    const registry = await loadRegistryWithWarnings(this.config, workspace)
    const tool = findTool(registry, args.tool).declaration
    const prepared = prepareCall(tool, parseCallArguments(flags.args))
    if (!prepared.ok) throw new UserError(`--args for ${tool.name}: ${prepared.message}`)
    const policy = await loadPolicy({workspace, toolNames: registry.names()})
    const engine = new SessionPolicyEngine({workspace, bypass: flags['bypass-permissions'], rules: policy.rules, readOnlyCommands: policy.readOnlyCommands})
    const configured = policy.files.find((file) => file.origin === 'user')?.settings.sandbox
    const sandbox = COMMAND_TOOLS.has(tool.name) ? (await checkSandbox(workspace, configured)).summary : undefined
    const explanation = explainDecision(await engine.decide(prepared.call), sandbox)
    if (!this.jsonEnabled()) this.log(formatExplanation(explanation))
    return explanation
  }
}
