interface Terminal {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/**
 * The progress line on stderr. On a terminal one line redrawn in place (at most ten times a
 * second, and each second so the rate and ETA move while a long file copies); elsewhere (CI,
 * a log file, `2>import.log`) a plain line every `plainEveryMs`, so logs stay readable.
 */
export function createProgressReporter(o: {
  stream: Terminal;
  nowMs: () => number;
  plainEveryMs?: number;
}) {
  const started = o.nowMs();
  const tty = o.stream.isTTY === true;
  let render: ((elapsedMs: number) => string) | undefined;
  let drawnAt = -Infinity;

  const line = () => render?.(o.nowMs() - started) ?? '';
  const draw = () => {
    drawnAt = o.nowMs();
    // A pseudo-terminal without a size reports 0 columns: treat it as unknown.
    const columns = o.stream.columns !== undefined && o.stream.columns > 0 ? o.stream.columns : 120;
    const width = Math.max(20, columns - 1);
    // Clear to the end of the line: the previous text may have been longer.
    o.stream.write(`\r${line().slice(0, width)}\x1b[K`);
  };
  const timer = setInterval(
    () => {
      if (!render) return;
      if (tty) draw();
      else o.stream.write(`${line()}\n`);
    },
    tty ? 1_000 : (o.plainEveryMs ?? 5_000),
  );
  timer.unref();

  return {
    elapsedMs: () => o.nowMs() - started,
    /** What the line says now, given the time since the reporter started. */
    update(text: (elapsedMs: number) => string): void {
      render = text;
      if (tty && o.nowMs() - drawnAt >= 100) draw();
    },
    /** A message of its own between progress lines (the line is redrawn below it). */
    note(text: string): void {
      o.stream.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
      if (tty && render) draw();
    },
    /** The last state on its own line; the summary follows below it. */
    stop(): void {
      clearInterval(timer);
      if (!render) return;
      if (tty) {
        draw();
        o.stream.write('\n');
      } else o.stream.write(`${line()}\n`);
    },
  };
}
