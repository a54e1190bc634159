/**
 * A small RFC 4180 CSV reader for legacy exports: quoted fields with "" escapes and line breaks inside quotes,
 * CRLF, LF or CR line ends, comma, tab or semicolon separators (guessed from the header line), blank lines
 * skipped. No package in the workspace does this (csv-parse is not installed), and exports are small.
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message}（第 ${line} 行）`);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  fields: string[];
}

const SEPARATORS = [',', '\t', ';'] as const;

/** The separator used most often outside quotes on the first line (comma on a tie). */
export function guessSeparator(text: string): string {
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ',';
  for (const s of SEPARATORS) if (counts.get(s)! > counts.get(best)!) best = s;
  return best;
}

export function parseCsv(text: string, separator = guessSeparator(text)): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  // After a closing quote only a separator or a line end may follow.
  let afterQuote = false;
  let rowHasContent = false;

  const endField = () => {
    fields.push(field);
    field = '';
    afterQuote = false;
  };
  const endRow = () => {
    endField();
    if (rowHasContent || fields.some((f) => f !== '')) rows.push({ line: rowLine, fields });
    fields = [];
    rowHasContent = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === separator) {
      endField();
      rowHasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (afterQuote) {
      // Tolerate spaces after a closing quote; anything else is malformed.
      if (ch !== ' ' && ch !== '\t') throw new CsvSyntaxError('引号字段结束后出现多余字符', line);
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      quoteLine = line;
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError('引号未闭合', quoteLine);
  endRow();
  return rows;
}
