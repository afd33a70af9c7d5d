import pc from 'picocolors'

export type Colors = ReturnType<typeof pc.createColors>

/** Colours for one output stream: on for a terminal, off for pipes and when NO_COLOR is set (any non-empty value). */
export function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
  const enabled = env.NO_COLOR ? false : forced || Boolean(stream.isTTY)
  return pc.createColors(enabled)
}
