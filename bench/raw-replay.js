// The agent-loop benchmark's baseline client, in its own process like the CLI: POSTs the request bodies in a JSON
// file one after the other with fetch (each rebuilt with JSON.stringify, each answer read to the end), twice: the
// first pass warms the process up, the benchmark times the second.
// Usage: node bench/raw-replay.js API BODIES.json
import fs from 'node:fs/promises'
import process from 'node:process'

const [api, file] = process.argv.slice(2)
const requests = JSON.parse(await fs.readFile(file, 'utf8')).map((body) => JSON.parse(body))
for (const [step, request] of [...requests, ...requests].entries()) {
  const response = await fetch(`${api}/chat/completions`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(request)})
  const text = await response.text()
  if (!response.ok || !text.includes('data: [DONE]')) {
    process.stderr.write(`raw replay step ${step}: unexpected answer ${response.status} ${text.slice(0, 200)}\n`)
    process.exit(1)
  }
}
