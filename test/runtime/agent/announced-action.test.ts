import {describe, expect, test} from '@jest/globals'

import {announcesAction} from '../../../src/runtime/agent/announced-action.js'

// Endings local models really produce when they stop short of the call.
const announcements = [
  "I'll create the file now…",
  "I'll create the file now...",
  'I will now write the test file.',
  "Sure! Let me read the config first.",
  "Let me run the tests to see what fails.",
  "I'm going to edit src/app.ts to fix the import.",
  "Okay, I understand the problem. I'll fix the off-by-one in utils.ts.",
  'Now I will update the README with the new flag.',
  "Next, I'll add a unit test for parseArgs.",
  'I need to check the package.json first.',
  "Great, the build passes. Now let's add the CLI flag.",
  "I've read the file. Now I'll add the missing function.",
  "I've created the file. Next I'll run the tests.",
  'Creating the file now…',
  'Now running the tests...',
  'Alright, writing main.py now.',
  "Let me quickly look at the directory structure.",
  "To do this, I'll install the package with npm.",
  "I'll go ahead and delete the old build folder.",
  'The bug is in the loop condition.\n\nI will now apply the fix.',
  "Here is my plan:\n1. Read the file\n2. Fix it\n\nLet me start by reading `src/index.ts`.",
  "I'll search the codebase for uses of `oldName`.",
]

// Questions to the user, reports of finished work, offers and plain answers.
const notAnnouncements = [
  '',
  'Done. I created hello.py.',
  "Here is the summary of the changes: I renamed the function and updated its callers.",
  "Here's what the function does: it parses the arguments and returns a map.",
  'Should I create the file now?',
  "I'll create the file now. Is that OK?",
  'Would you like me to run the tests?',
  "I can add a test for this if you'd like.",
  "Let me know if you want me to change anything else.",
  'I have updated the README and added the flag.',
  'I created `src/util.ts` and moved the helpers there. All tests pass.',
  "Finished: the build is green.",
  'The answer is 42.',
  "The file contains a single export. I'll wait for your confirmation before changing it.",
  'What should the new file be called?',
  'Summary: I fixed the bug in `parse.ts` and added a regression test.',
  'To run it yourself, use `npm test`.',
  'You can now run `npm start` to see the result.',
  "```sh\n# I'll create the file now\ntouch a.txt\n```\nThat command creates the file.",
  "I'll be happy to help with anything else.",
  'Which of the two approaches do you prefer?',
  "I'll create it once you confirm the name.",
]

describe('announcesAction', () => {
  test.each(announcements)('announces: %j', (reply) => {
    expect(announcesAction(reply)).toBe(true)
  })

  test.each(notAnnouncements)('does not announce: %j', (reply) => {
    expect(announcesAction(reply)).toBe(false)
  })

  test('only the end counts: a final answer that mentioned a plan earlier is not an announcement', () => {
    const reply = "First I'll read the file, I thought. It turned out the file was fine.\n\nThe bug was in the caller; I fixed it. All tests pass."
    expect(announcesAction(reply)).toBe(false)
  })
})
