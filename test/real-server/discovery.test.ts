/** discover and chat's start line against a real llama-server: the context it allocated, its slots, its build. */
import {afterEach, beforeEach, expect, test} from '@jest/globals'

import {describeWithRealServer, REAL_CONTEXT_TOKENS, REAL_SERVER_TIMEOUT_MS} from '../support/real-server-suite.js'
import {CLI, createSandbox, type Sandbox} from '../support/run-cli.js'
import {TmuxSession} from '../support/tmux.js'

let sandbox: Sandbox
let term: TmuxSession | undefined

beforeEach(async () => {
  sandbox = await createSandbox()
})

afterEach(async () => {
  await term?.kill()
  term = undefined
  await sandbox.cleanup()
})

describeWithRealServer('discovery against a real llama-server', (context) => {
  test(
    'discover --json: the model, the context as allocated, the slots and the build, as /props says them',
    async () => {
      const {root} = context.server
      const props = (await (await fetch(`${root}/props`)).json()) as {total_slots: number; build_info: string; default_generation_settings: {n_ctx: number}}
      const models = (await (await fetch(`${root}/v1/models`)).json()) as {data: Array<{id: string}>}
      const port = new URL(root).port
      const result = await sandbox.run(['discover', '--json'], {env: {LILLYCODER_DISCOVERY_PORTS: port}})
      expect(result.code).toBe(0)
      expect(JSON.parse(result.stdout)).toEqual([
        {url: `${root}/v1`, server: 'llama.cpp', models: models.data.map((model) => model.id), context: REAL_CONTEXT_TOKENS, slots: props.total_slots, build: props.build_info},
      ])
      expect(props.default_generation_settings.n_ctx).toBe(REAL_CONTEXT_TOKENS)
      expect(props.total_slots).toBeGreaterThan(1)
    },
    REAL_SERVER_TIMEOUT_MS,
  )

  test(
    "chat's start line shows the window, the slots and the build",
    async () => {
      const {root} = context.server
      const props = (await (await fetch(`${root}/props`)).json()) as {total_slots: number; build_info: string}
      const models = (await (await fetch(`${root}/v1/models`)).json()) as {data: Array<{id: string}>}
      term = await TmuxSession.start([process.execPath, CLI, '--api', `${root}/v1`, '--model', models.data[0].id], {cwd: sandbox.workspace, env: sandbox.env, width: 200})
      const screen = await term.waitFor(/Ctrl-D to leave/, 60_000)
      expect(screen).toContain('% of 4k')
      expect(screen).toContain(`context size from llama.cpp`)
      expect(screen).toContain(`${props.total_slots} slots sharing it · build ${props.build_info}`)
    },
    REAL_SERVER_TIMEOUT_MS,
  )
})
