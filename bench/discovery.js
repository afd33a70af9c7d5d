// Discovery with nothing listening: probing the default port table against one refused TCP connect,
// and the worst case, a port that accepts and never answers, which the probe timeout must bound.
import net from 'node:net'
import {performance} from 'node:perf_hooks'

import {DEFAULT_DISCOVERY_PORTS, DEFAULT_PROBE_TIMEOUT_MS, discoverServers} from '../dist/runtime/servers/discovery.js'
import {formatMs, formatRatio, median, markdownTable, timeCallback} from './measure.js'

const HOST = '127.0.0.1'

export async function benchDiscovery({runs = 10, connectRuns = 30, hangingRuns = 3} = {}) {
  const states = await Promise.all(DEFAULT_DISCOVERY_PORTS.map(async (port) => ({port, state: await connectOutcome(port)})))
  const closed = states.filter(({state}) => state === 'refused').map(({port}) => port)
  const skipped = states.filter(({state}) => state !== 'refused')
  if (closed.length === 0) return {title: 'Discovery', markdown: 'Skipped: every default discovery port answered a connect.', summary: 'skipped'}

  const connectTimes = await timeCallback(() => expectRefused(closed[0]), {warmup: 3, runs: connectRuns})
  const baseline = median(connectTimes)
  const parallelTimes = await timeCallback(() => Promise.all(closed.map(expectRefused)), {warmup: 1, runs})
  const scan = async (ports) => {
    const found = await discoverServers({ports})
    if (found.length > 0) throw new Error(`discovery found ${found.map((server) => server.url).join(', ')} on ports that refused a connect`)
  }
  const scanTimes = await timeCallback(() => scan(closed), {warmup: 1, runs})

  const hanging = await startSilentServer()
  let hangingTimes
  try {
    hangingTimes = await timeCallback(() => scan([...closed, hanging.port]), {warmup: 0, runs: hangingRuns})
  } finally {
    await hanging.close()
  }

  const scanMedian = median(scanTimes)
  const hangingMedian = median(hangingTimes)
  const parallel = median(parallelTimes)
  const markdown = [
    markdownTable(
      ['probe', 'median', 'ratio to one refused connect', `ratio to ${closed.length} connects at once`],
      [
        [`one TCP connect to closed port ${closed[0]} → ECONNREFUSED (baseline, median of ${connectRuns})`, baseline, '1.00×'],
        [`${closed.length} raw connects at once, same ports (median of ${runs})`, parallel],
        [`discoverServers, ${closed.length} closed default ports (median of ${runs})`, scanMedian],
        [`worst case: the same + 1 port that accepts and never answers (median of ${hangingRuns})`, hangingMedian],
      ].map(([label, ms, first]) => [label, formatMs(ms), first ?? formatRatio(ms, baseline), formatRatio(ms, parallel)]),
    ),
    '',
    skipped.length === 0
      ? `Nothing listened on any of the ${DEFAULT_DISCOVERY_PORTS.length} default ports.`
      : `Skipped ${skipped.length} default port(s) that something listens on (${skipped.map(({port, state}) => `${port}: ${state}`).join(', ')}); probed the other ${closed.length}.`,
    `Worst case: ${formatMs(hangingMedian)} against a probe timeout of ${DEFAULT_PROBE_TIMEOUT_MS} ms (${formatRatio(hangingMedian, DEFAULT_PROBE_TIMEOUT_MS)} of it): ${hangingMedian <= DEFAULT_PROBE_TIMEOUT_MS * 1.5 ? 'bounded by the timeout, as intended' : 'NOT bounded by the timeout — look at probePort'}. The silent port is an ephemeral one (the real defaults cannot be bound reliably).`,
  ].join('\n')
  return {title: 'Discovery with nothing listening', markdown, summary: `${closed.length} ports ${formatMs(scanMedian)} (${formatRatio(scanMedian, baseline)} one connect), worst case ${formatMs(hangingMedian)} (timeout ${DEFAULT_PROBE_TIMEOUT_MS} ms)`}
}

/** 'refused', 'open' or the error code: one connect, closed at once. */
function connectOutcome(port) {
  return new Promise((resolve) => {
    const socket = net.connect({host: HOST, port})
    socket.setTimeout(1000, () => {
      socket.destroy()
      resolve('no answer to connect')
    })
    socket.once('connect', () => {
      socket.destroy()
      resolve('open')
    })
    socket.once('error', (error) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)))
  })
}

async function expectRefused(port) {
  const start = performance.now()
  const outcome = await connectOutcome(port)
  if (outcome !== 'refused') throw new Error(`port ${port} is no longer closed (${outcome})`)
  return performance.now() - start
}

/** Accepts connections and never writes a byte: what a wedged server looks like to a probe. */
async function startSilentServer() {
  const sockets = new Set()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => sockets.delete(socket)) // the prober hangs up at its timeout; that is expected
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, resolve)
  })
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}
