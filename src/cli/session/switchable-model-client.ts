import type {ModelClient, ModelInfo, ModelReply, ModelRequest, ModelStreamEvent} from '../../runtime/model/model-client.js'

/** What else follows a switch (the context window for the new model); returns a line to show. */
export type AfterModelSwitch = (model: string, signal?: AbortSignal) => Promise<string>

/**
 * The session's model client with a model id that /model can change: each request is sent with the id in force
 * when it starts, so a switch applies from the next request and the agent loop needs no change.
 */
export class SwitchableModelClient implements ModelClient {
  /** Told after each switch (the session file records the model). */
  onSwitched?: (model: string) => void

  constructor(
    private readonly inner: ModelClient,
    /** The model id the next request carries. */
    public model: string,
    private readonly afterSwitch?: AfterModelSwitch,
  ) {}

  get baseURL(): string {
    return this.inner.baseURL
  }

  /** Requests carry `model` from now on; returns what else changed with it, as lines to show. */
  async switchTo(model: string, signal?: AbortSignal): Promise<string[]> {
    this.model = model
    this.onSwitched?.(model)
    return this.afterSwitch ? [await this.afterSwitch(model, signal)] : []
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.inner.listModels(signal)
  }

  complete(request: ModelRequest, onEvent: (event: ModelStreamEvent) => void): Promise<ModelReply> {
    return this.inner.complete({...request, model: this.model}, onEvent)
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}
