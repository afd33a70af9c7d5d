import type {RawCall} from './calls-from-json.js'
import type {SchemaHints} from './schema-hints.js'

/**
 * What the modules that read one call format share: the format names, what a reader returns, and the
 * three-way answer the streaming gate needs ("may a call start here?") while the text is still arriving.
 */

export type TextToolCallFormat =
  | 'hermes' //            <tool_call>{"name": …, "arguments": …}</tool_call>
  | 'qwen3-coder-xml' //   <tool_call><function=name><parameter=key>value</parameter></function></tool_call>
  | 'llama-python-tag' //  <|python_tag|>{"name": …, "parameters": …}
  | 'llama-function-tag' // <function=name>{…}</function>  (also functionary v3.1)
  | 'mistral' //           [TOOL_CALLS][{…}]  or  [TOOL_CALLS]name[ARGS]{…}
  | 'lmstudio' //          [TOOL_REQUEST]{…}[END_TOOL_REQUEST]
  | 'glm' //               <tool_call>name<arg_key>k</arg_key><arg_value>v</arg_value></tool_call>
  | 'minimax' //           <minimax:tool_call><invoke name="…"><parameter name="…">…</parameter></invoke>…  or  <tool_calls>{…}</tool_calls>
  | 'deepseek' //          <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>…<｜tool▁sep｜>…<｜tool▁call▁end｜>
  | 'kimi-k2' //           <|tool_calls_section_begin|><|tool_call_begin|>functions.name:0<|tool_call_argument_begin|>{…}<|tool_call_end|>
  | 'harmony' //           <|channel|>commentary to=functions.name <|constrain|>json<|message|>{…}<|call|>
  | 'granite' //           <|tool_call|>[{…}]
  | 'command-r' //         <|START_ACTION|>[{"tool_name": …, "parameters": …}]<|END_ACTION|>  or  Action: ```json […]```
  | 'functools' //         functools[{…}]
  | 'functionary' //       >>>name\n{…}
  | 'gemma' //             <|tool_call>call:name{key:<|"|>value<|"|>}<tool_call|>
  | 'json-fence' //        ```json {…} ```
  | 'bare-json' //         {…}

/** The tool names that exist and their parameter types: what a reader may need to decide and to type values. */
export interface ReadContext {
  known: ReadonlySet<string>
  hints: SchemaHints | undefined
}

/** A call read at a marker, or markup plainly meant as a call that could not be read (it stays text). */
export type MarkerRead = {kind: 'call'; end: number; calls: RawCall[]; format: TextToolCallFormat} | {kind: 'unparsed'; end: number}

export type CallStart = 'yes' | 'no' | 'undecided'

/**
 * A call format that begins with a marker of its own. `follows` looks at the text right after the marker so
 * the streaming gate holds back only a real call ('undecided' while too little has arrived), and must say
 * 'yes' to everything `read` accepts; `read` returns undefined when the marker is just text.
 */
export interface MarkerReader {
  marker: string
  follows(rest: string): CallStart
  read(text: string, start: number, context: ReadContext): MarkerRead | undefined
}

/** 'yes' when one of `prefixes` starts at `p`; 'undecided' when the text ends inside one. */
export function startsWithAny(text: string, p: number, prefixes: readonly string[]): CallStart {
  if (p >= text.length) return 'undecided'
  const rest = text.length - p
  for (const prefix of prefixes) {
    if (text.startsWith(prefix, p)) return 'yes'
    if (rest < prefix.length && prefix.startsWith(text.slice(p))) return 'undecided'
  }
  return 'no'
}

/** After optional whitespace, one of `prefixes`: the usual test of what follows a marker. */
export function followedBy(prefixes: readonly string[]): (rest: string) => CallStart {
  return (rest) => startsWithAny(rest, rest.length - rest.trimStart().length, prefixes)
}

/** A tool name, then optional spaces, then one of `prefixes`; 'undecided' while the name may go on. */
export function nameFollowedBy(rest: string, p: number, prefixes: readonly string[], spaces = /[ \t\r\n]/): CallStart {
  const name = /^[A-Za-z_][\w.:-]{0,127}/.exec(rest.slice(p, p + 129))
  if (!name) return p >= rest.length ? 'undecided' : 'no'
  let q = p + name[0].length
  if (q >= rest.length) return 'undecided'
  while (q < rest.length && spaces.test(rest[q])) q++
  return startsWithAny(rest, q, prefixes)
}
