import {closestNames} from '../../runtime/text/closest-names.js'
import {PERSONA_HELP} from './persona-commands.js'
import {SESSION_HELP} from './session-commands.js'
import {INPUT_HELP} from '../input/user-input.js'

/** One REPL command: the names it answers to and its lines in /help. */
export interface SlashCommand {
  names: readonly string[]
  help: string
}

/**
 * Every slash command the chat controller handles, in /help order. /help is generated from this table and
 * unknown names are matched against it, so a command is listed and suggested once it is added here.
 */
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  {names: ['/help'], help: '/help               this list'},
  {names: ['/tools'], help: '/tools              the tools the model can call'},
  {names: ['/permissions'], help: '/permissions        the grants of this session; /permissions revoke N drops one'},
  {names: ['/thoughts'], help: "/thoughts on|off    show or hide the model's reasoning"},
  {names: ['/compact'], help: '/compact            summarise every earlier exchange to free context'},
  {names: ['/max-tokens'], help: '/max-tokens auto|N  how long a reply may be'},
  {names: ['/model'], help: "/model [name]       the server's models (the current one marked), or switch for the next request"},
  {names: ['/clear'], help: '/clear              forget the conversation (grants stay)'},
  {names: ['/persona'], help: PERSONA_HELP},
  {names: ['/init'], help: '/init               ask the model to write a starter AGENTS.md (through the usual gate)'},
  {names: ['/mcp'], help: '/mcp                MCP servers: state and tools; /mcp restart NAME'},
  {names: ['/sessions', '/resume', '/undo', '/redo', '/diff'], help: SESSION_HELP},
  {names: ['/last'], help: '/last               the full output of the last tool call, as the model received it'},
  {names: ['/exit', '/quit'], help: '/exit               leave (also Ctrl-D, or Ctrl-C twice; /quit too)'},
]

export const SLASH_COMMAND_NAMES: readonly string[] = SLASH_COMMANDS.flatMap((command) => command.names)

/** The text /help prints. */
export function slashHelp(): string {
  const lines = SLASH_COMMANDS.map((command) => command.help)
  lines.push(INPUT_HELP)
  lines.push('Anything else is sent to the model. Ctrl-C stops a reply or a command; end a line with \\ to continue it.')
  lines.push('Tab completes commands, persona names and @paths; ↑/↓ recall earlier messages, also from earlier sessions.')
  return lines.join('\n')
}

/** The line for a command nobody handles, naming the nearest one when there is one. */
export function unknownCommandLine(name: string): string {
  const [nearest] = closestNames(name.replace(/^\//, ''), SLASH_COMMAND_NAMES.map((known) => known.slice(1)))
  return nearest === undefined ? `unknown command ${name}; /help lists them` : `unknown command ${name} — did you mean /${nearest}?`
}
