// A small terminal emulator for tests: it applies what a program writes (text, \r, \n and the
// cursor and erase sequences cli-progress and readline use) to a grid of lines, so a test can read
// the screen a person would see, as tmux's capture-pane shows it, instead of the raw bytes.

const CSI = /^\x1b\[(\??)(\d*)(?:;(\d*))?([A-Za-z])/;

export class TerminalScreen {
  readonly isTTY = true;
  readonly columns = 120;
  private lines: string[] = [''];
  private row = 0;
  private col = 0;

  write(chunk: string): boolean {
    for (let i = 0; i < chunk.length; ) {
      const sequence = CSI.exec(chunk.slice(i, i + 16));
      if (chunk[i] === '\x1b' && sequence) {
        this.control(sequence[1] === '?', sequence[4], sequence[2] === '' ? undefined : Number(sequence[2]));
        i += sequence[0].length;
      } else if (chunk[i] === '\x1b') {
        i += 2; // ESC 7 / ESC 8 (save/restore): not used by what is tested
      } else {
        this.put(chunk[i]);
        i++;
      }
    }
    return true;
  }

  /** The screen's lines, trailing blanks removed (as capture-pane prints them). */
  text(): string[] {
    const lines = this.lines.map((line) => line.replace(/\s+$/, ''));
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  private put(char: string): void {
    if (char === '\r') this.col = 0;
    else if (char === '\n') this.moveTo(this.row + 1, 0);
    else {
      const line = this.lines[this.row].padEnd(this.col);
      this.lines[this.row] = line.slice(0, this.col) + char + line.slice(this.col + 1);
      this.col++;
    }
  }

  private moveTo(row: number, col: number): void {
    this.row = Math.max(0, row);
    this.col = col;
    while (this.lines.length <= this.row) this.lines.push('');
  }

  private control(isPrivate: boolean, command: string, n: number | undefined): void {
    if (isPrivate || command === 'm') return; // cursor visibility, line wrapping, colours
    const line = this.lines[this.row];
    if (command === 'G') this.col = (n ?? 1) - 1;
    else if (command === 'A') this.moveTo(this.row - (n ?? 1), this.col);
    else if (command === 'B') this.moveTo(this.row + (n ?? 1), this.col);
    else if (command === 'K') this.lines[this.row] = n === 2 ? '' : n === 1 ? ' '.repeat(this.col) + line.slice(this.col) : line.slice(0, this.col);
    else if (command === 'J') this.lines = [...this.lines.slice(0, this.row), line.slice(0, this.col)];
    else throw new Error(`TerminalScreen: unsupported sequence ESC[${n ?? ''}${command}`);
  }
}
