import {Flags} from '@oclif/core'

/** The flags chat and run share: where the model is, which one, and how much it may do on its own. */
export const sessionFlags = {
  api: Flags.string({
    description: 'OpenAI-compatible endpoint, with or without /v1 (e.g. http://127.0.0.1:8080/v1)',
    env: 'LILLYCODER_API',
  }),
  'api-key': Flags.string({description: 'API key, if your server wants one (default: none)', env: 'OPENAI_API_KEY'}),
  model: Flags.string({char: 'm', description: "Model id (default: the server's only model, or a choice)", env: 'LILLYCODER_MODEL'}),
  'bypass-permissions': Flags.boolean({
    description: 'Run calls that would ask without asking (hard-deny and deny rules still apply)',
    default: false,
  }),
  'max-steps': Flags.integer({description: 'Model requests per turn before stopping', default: 30, min: 1}),
  'hide-thoughts': Flags.boolean({description: "Don't show the model's reasoning", default: false}),
  persona: Flags.string({description: 'Persona (system prompt voice) to use (default: lilly)'}),
  context: Flags.integer({description: "The model's context window in tokens, when the server does not say", min: 512}),
  'max-tokens': Flags.string({
    description: 'Reply length limit: auto (what is left of the context, capped) or a number of tokens',
    default: 'auto',
  }),
  'idle-timeout': Flags.integer({
    description: 'Seconds to wait for the next token (and for the first one, while the server reads the prompt) before giving up',
    default: 120,
    min: 1,
    env: 'LILLYCODER_IDLE_TIMEOUT',
  }),
  force: Flags.boolean({description: 'Use a model outside the families known to call tools well, without the warning', default: false}),
  sandbox: Flags.option({
    options: ['auto', 'on', 'off'] as const,
    description: 'Run commands in a bubblewrap sandbox: auto (when it works here; the default), on (refuse commands without it), off',
  })(),
  'persona-evolve': Flags.boolean({
    description: "Let the model's update_persona rewrites persist (saved to your persona folder, used in later runs)",
    default: false,
  }),
  continue: Flags.boolean({description: 'Continue the newest saved session of this workspace', default: false, exclusive: ['resume']}),
  resume: Flags.string({description: 'Continue the saved session with this id (alone: list them to pick)'}),
}
