/**
 * Does a reply end by announcing an action on the workspace ("I'll create the file now…") instead of doing it?
 * Local models often stop there without a tool call. Only the end of the reply counts (a final answer may
 * mention plans earlier on), and a question to the user or a report of what was done never counts.
 */

// The verbs of work a tool does: files, commands, packages, searches.
const WORK_VERB =
  '(?:create|write|edit|update|modify|change|fix|add|append|insert|remove|delete|rename|move|replace|refactor|implement|run|execute|install|read|open|look|inspect|check|search|grep|find|list|scan|view|examine|test|build|compile|apply|make|generate|set ?up|put|save|patch|start|go ahead|proceed|begin|do)'

// "I'll create", "I will now write", "Let me run", "I'm going to edit", "Now I'll quickly add", "Next, I need to read".
const INTENT = new RegExp(
  String.raw`(?:^|[\s,;:(])(?:i'll|i will|i'm going to|i am going to|i'm gonna|let me|let's|i need to|i'm about to|i am about to|i shall)\s+(?:\w+ly\s+|now\s+|then\s+|first\s+|also\s+|go ahead and\s+|just\s+)*${WORK_VERB}\b`,
  'i',
)
// The last sentence: "Creating the file now…", "Now running the tests...", "Alright, writing main.py now."
const GERUND = /^(?:(?:now|next|ok(?:ay)?|alright|great|first|then)[,:]?\s+)?(?:creating|writing|editing|updating|running|reading|checking|searching|installing|adding|fixing|applying|implementing|generating|opening|listing|inspecting|looking)\b.*(?:\bnow|…|:)\s*[.!]?$/i
// Endings that hand the turn back: offers, requests for permission, waiting for the user.
const HANDS_BACK = /\b(?:let me know|if you(?:'d| would)? (?:like|want|prefer)|should i|shall i|do you want|would you like|want me to|your (?:call|choice|confirmation|approval)|once you confirm|when you(?:'re| are) ready|wait(?:ing)? for you)\b/i
// Openings of a report on work that is finished.
const REPORT = /^(?:done|all done|finished|completed|here(?:'s| is| are)|summary|in summary|to summari[sz]e|i(?:'ve| have) (?:created|written|updated|edited|added|fixed|made|changed|removed|deleted|renamed|moved|run|ran|installed|implemented|finished|completed)|i (?:created|wrote|updated|edited|added|fixed|made|changed|removed|deleted|renamed|moved|ran|installed|implemented|finished|completed))\b/i

/** True when the reply's last words announce work on the workspace without asking or reporting. */
export function announcesAction(reply: string): boolean {
  const text = withoutCode(reply).trim()
  if (text === '') return false
  const tail = lastSentences(text, 2)
  const last = lastSentences(text, 1)
  if (/\?\s*$/.test(tail) || HANDS_BACK.test(tail)) return false
  if (REPORT.test(tail) && !/\b(?:now|next|then)\b/i.test(last)) return false
  return INTENT.test(tail) || GERUND.test(last)
}

/** Code blocks and inline code: their words are not the model speaking. */
function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?(?:```|$)/g, ' ').replace(/`[^`\n]*`/g, 'x')
}

/** The last `count` sentences (a sentence ends in . ! ? or a line break; "…" and "..." do not end one). */
function lastSentences(text: string, count: number): string {
  const sentences = text
    .replace(/\.\.\.|…/g, '\u2026')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean)
  return sentences.slice(-count).join(' ').replace(/\u2026/g, '…')
}
