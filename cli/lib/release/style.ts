/** how text is decorated: ANSI colours in a terminal, nothing when piped. */
export interface Style {
  /** colours a status by its meaning: green done, yellow running, red failed, grey otherwise */
  readonly status: (status: string) => string;
  /** emphasis for headings */
  readonly bold: (text: string) => string;
  /** de-emphasis for secondary details */
  readonly dim: (text: string) => string;
  /** draws attention: pending approvals, deadlines */
  readonly warn: (text: string) => string;
  /** something went well (green) */
  readonly good: (text: string) => string;
  /** something went wrong or was refused (red) */
  readonly bad: (text: string) => string;
}

const ESC = '\u001b';
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** the text without ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** the width the text takes in a terminal (colour codes take none). */
export function visibleWidth(text: string): number {
  return stripAnsi(text).length;
}

/**
 * whether to colour: only on a terminal, and never when NO_COLOR is set to anything
 * (https://no-color.org) or TERM is `dumb`.
 */
export function colourWanted(io: { readonly isTty: boolean; readonly env: Readonly<Record<string, string | undefined>> }): boolean {
  return io.isTty && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}

const wrap = (open: number, close: number) => (text: string) => `${ESC}[${open}m${text}${ESC}[${close}m`;
const green = wrap(32, 39);
const yellow = wrap(33, 39);
const red = wrap(31, 39);
const grey = wrap(90, 39);

const STATUS_COLOUR: Readonly<Record<string, (text: string) => string>> = {
  Succeeded: green,
  InProgress: yellow,
  Stopping: yellow,
  Failed: red,
  Stopped: red,
  Cancelled: grey,
  Abandoned: grey,
  Superseded: grey,
  Skipped: grey,
  NotRun: grey,
};

const same = (text: string) => text;
const plain: Style = { status: same, bold: same, dim: same, warn: same, good: same, bad: same };

const coloured: Style = {
  status: (s) => (STATUS_COLOUR[s] ?? same)(s),
  bold: wrap(1, 22),
  dim: grey,
  warn: yellow,
  good: green,
  bad: red,
};

/** the style for an output: coloured or plain. */
export function styleFor(colour: boolean): Style {
  return colour ? coloured : plain;
}
