/** Longest stretch of synchronous work before the event loop gets a turn (Ctrl-C, timers, the UI). */
const PACE_MS = 10

/**
 * For loops that do synchronous file-system work (much faster than the promise API for thousands
 * of small files): `await pace()` often; it lets the event loop run every PACE_MS, then checks the signal.
 */
export function createPacer(signal?: AbortSignal): () => Promise<void> {
  let last = performance.now()
  return async () => {
    if (performance.now() - last < PACE_MS) return
    await new Promise((resolve) => setImmediate(resolve))
    last = performance.now()
    signal?.throwIfAborted()
  }
}
