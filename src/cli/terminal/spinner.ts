const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

/** A one-line spinner on a terminal; does nothing on pipes. Shown only until the first token arrives. */
export class Spinner {
  private timer?: NodeJS.Timeout
  private frame = 0

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  start(): void {
    if (this.timer || !this.out.isTTY) return
    this.timer = setInterval(() => {
      this.out.write(`\r${FRAMES[this.frame++ % FRAMES.length]} ${this.label}`)
    }, 80)
  }

  stop(): void {
    if (!this.timer) return
    clearInterval(this.timer)
    this.timer = undefined
    this.out.write('\r\u001B[2K')
  }
}
