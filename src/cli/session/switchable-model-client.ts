import type {ModelClient, ModelInfo, ModelReply, ModelRequest, ModelStreamEvent} from '../../runtime/model/model-client.js'

/**
 * The session's model client with a model id that /model can change: each request is sent with the id in force
 * when it starts, so a switch applies from the next request and the agent loop needs no change.
 */
export class SwitchableModelClient implements ModelClient {
  constructor(
    private readonly inner: ModelClient,
    /** The model id the next request carries. */
    public model: string,
  ) {}

  get baseURL(): string {
    return this.inner.baseURL
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
