/** Terminal colours, only on a TTY and never with NO_COLOR set. */
export interface Style {
  red(text: string): string;
  bold(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
}

export function styleFor(stream: NodeJS.WriteStream): Style {
  const on = stream.isTTY === true && !('NO_COLOR' in process.env);
  const wrap = (open: number, close: number) => (text: string) => (on ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: wrap(31, 39), bold: wrap(1, 22), cyan: wrap(36, 39), dim: wrap(2, 22) };
}
