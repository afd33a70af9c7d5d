/** What a tool name may be: snake_case, starting with a letter, at most 64 characters (what model APIs accept). */
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/
