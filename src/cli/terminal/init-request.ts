/**
 * What `/init` sends as the user's message: the model explores and writes AGENTS.md through write_file, so the
 * person sees the content at the usual gate before anything is written.
 */
export const INIT_REQUEST = `Write a starter AGENTS.md for this project, in the workspace root. First look around with the tools: the README, the package or build files (package.json, pyproject.toml, Cargo.toml, go.mod, Makefile, …), the test setup and the top-level folders. Then write AGENTS.md with write_file, short and specific to this project, under these headings:
- Build and test: the exact commands (install, build, test, lint) as this project runs them.
- Layout: the main folders and what lives in each.
- Conventions: code style, naming, how tests are written, anything a newcomer must not break.
Only write what you found in the files; do not invent commands. If AGENTS.md already exists, read it and improve it with edit_file instead of replacing it.`
