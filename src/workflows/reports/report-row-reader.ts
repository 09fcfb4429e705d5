import { columnType, parseDateCell, parseNumberCell, type Cell, type ColumnType, type ReportRow } from "./report-columns.js";

/**
 * Reads one report line into a typed row, for a header known in advance. Two ways in, the same rows
 * out: `fromBytes` works on the raw bytes of ASCII lines (nearly every line of a sales report) and is
 * more than twice as fast as cutting strings; `fromText` takes a decoded line and handles everything
 * else (non-ASCII text, control characters), exactly as the parser always has.
 */
export interface RowReader {
  /**
   * The row of `bytes[start, end)`, where `bytes[end]` is the line's `\n` (or its `\r`), or
   * undefined when the line holds a byte ≥ 0x80 or a control character: hand it to `fromText`.
   * `view` is a DataView over the same memory, which must go on at least 3 bytes past `end`
   * (cells are scanned 4 bytes at a time). `previous` is where the line just before starts in
   * `bytes`, when that line was the last one read by `fromBytes` (else -1): the parts this line
   * shares with it are not read again.
   */
  fromBytes(bytes: Buffer, view: DataView, start: number, end: number, previous: number): ReportRow | undefined;
  /** The row of one decoded line (without its line end). */
  fromText(line: string): ReportRow;
}

export interface RowReaderOptions {
  /** Override the name-based type of some columns. */
  columnTypes?: Record<string, ColumnType>;
  /** Only these columns end up in the rows (missing ones are null); other cells are only skipped. */
  select?: readonly string[];
}

// What to make of a column's cells. SKIP: not wanted, only stepped over.
const SKIP = 0;
const TEXT = 1;
const NUMBER = 2;
const DATE = 3;

/**
 * Per-column caches of text and date cells. Sales reports repeat the same few values line after line
 * (provider, title, currency, device, date…): a hit hands out the string (or Date) made the first time,
 * so a row costs no string allocation and no date parsing. Each column has SLOTS direct-mapped slots
 * holding the cell's length and bytes (as 4-byte words, compared word by word) and its value; a new
 * value simply replaces the slot's old one, so memory is fixed whatever the report.
 */
const SLOTS = 256;
const STRIDE = 16; // Int32 words per slot: the length, then up to 15 words of bytes
const MAX_CACHED = (STRIDE - 1) * 4; // longer cells are not cached

// 10^k for k ≤ 15, all exact doubles.
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_DIGITS = 15; // below 2^53: the digits read as an integer are exact

interface ReaderState {
  kinds: Int32Array;
  /**
   * The values of the line being read, by column index, until the row is built from them; after
   * that, still the last row's values, which the next line may share.
   */
  cells: Cell[];
  /** Cache slots of all columns: column i's slot j starts at ((i * SLOTS) + j) * STRIDE. */
  keys: Int32Array;
  values: Cell[];
  /** The last line read by `readBytes` (its start in the buffer, -1 after any other line) and its length. */
  lineStart: number;
  lineLength: number;
  /**
   * Where that line's cells end (offsets of their tab or line end), for its first `known` cells;
   * overwritten cell by cell as the next line is read.
   */
  ends: Int32Array;
  known: number;
}

export function createRowReader(columns: readonly string[], options: RowReaderOptions = {}): RowReader {
  const typeOf = (name: string): ColumnType => options.columnTypes?.[name] ?? columnType(name);
  const wanted = new Set(options.select ?? columns);
  // Cells are read as far as the last wanted column; a duplicate header name keeps its first column.
  let lastWanted = -1;
  columns.forEach((name, i) => {
    if (wanted.has(name)) lastWanted = i;
  });
  const kinds: number[] = [];
  const fields: { name: string; index: number }[] = [];
  const assigned = new Set<string>();
  for (let i = 0; i <= lastWanted; i++) {
    const name = columns[i]!;
    if (!wanted.has(name) || assigned.has(name)) {
      kinds.push(SKIP);
      continue;
    }
    assigned.add(name);
    const type = typeOf(name);
    kinds.push(type === "number" ? NUMBER : type === "date" ? DATE : TEXT);
    fields.push({ name, index: i });
  }
  const missing = [...wanted].filter((name) => !assigned.has(name));
  const build = compileRowBuilder(fields, missing);
  const state: ReaderState = {
    kinds: Int32Array.from(kinds),
    cells: kinds.map(() => null),
    keys: new Int32Array(kinds.length * SLOTS * STRIDE).fill(-1),
    values: new Array<Cell>(kinds.length * SLOTS).fill(null),
    lineStart: -1,
    lineLength: 0,
    ends: new Int32Array(kinds.length),
    known: 0,
  };
  return {
    fromBytes(bytes, view, start, end, previous) {
      return readBytes(bytes, view, start, end, previous, state) ? build(state.cells) : undefined;
    },
    fromText(line) {
      readText(line, state);
      return build(state.cells);
    },
  };
}

/**
 * Generates `(v) => ({ "Provider": v[0], "SKU": v[2], … })` for a header: rows built from one object
 * literal share one shape, which V8 keeps fast, and a small function like this compiles in no time
 * (generating the whole line reader per header did not: it took TurboFan half a second). Names are
 * embedded with JSON.stringify, so no header text can become code.
 */
function compileRowBuilder(fields: readonly { name: string; index: number }[], missing: readonly string[]): (cells: Cell[]) => ReportRow {
  // A bare "__proto__" key would set the prototype instead of making a property.
  const key = (name: string) => (name === "__proto__" ? `[${JSON.stringify(name)}]` : JSON.stringify(name));
  const props = [...fields.map((f) => `${key(f.name)}: v[${f.index}]`), ...missing.map((name) => `${key(name)}: null`)];
  return new Function(`return function buildRow(v) { return { ${props.join(", ")} }; };`)() as (cells: Cell[]) => ReportRow;
}

/**
 * Any byte of the word below 14 (tab, line ends, other controls) or from 0x80 up sets the high bit of
 * its byte in the result. Bytes above the first such byte may be flagged falsely (a borrow), but the
 * lowest flagged byte is always exact, and that is the only one used.
 */
const stopBytes = (word: number) => ((word - 0x0e0e0e0e) | word) & 0x80808080;

const mix = (hash: number, word: number) => Math.imul(hash ^ word, 0x9e3779b1);

/**
 * Fills `state.cells` from the bytes of one line; false when the line needs `readText`. One loop for
 * every header (not generated per header), so it is compiled once and stays hot.
 *
 * Lines of a report repeat their neighbours: the same provider, SKU, developer and title at the start,
 * the same category, device and platform at the end. So the line is first compared with the one
 * before it, 4 bytes at a time from both ends. Cells wholly inside the common start are the previous
 * row's cells, and so is everything from a cell boundary inside the common end, provided the cell
 * count agrees there; `cells` still holds those values, so only the cells in between are read.
 */
function readBytes(bytes: Buffer, view: DataView, start: number, end: number, previous: number, state: ReaderState): boolean {
  const { kinds, cells, keys, values } = state;
  const count = kinds.length;
  const length = end - start;
  const ends = state.ends;
  const known = state.known;
  let first = 0; // the first column to read
  let suffixFrom = count; // from this column on, the cells may be the previous line's tail
  let shift = 0; // how much further from the start the shared tail sits in this line
  if (previous >= 0 && previous === state.lineStart) {
    const before = state.lineLength;
    const common = Math.min(length, before);
    let head = 0;
    while (head + 4 <= common && view.getInt32(start + head, true) === view.getInt32(previous + head, true)) head += 4;
    while (head < common && bytes[start + head] === bytes[previous + head]) head++;
    if (head === length && length === before) {
      state.lineStart = start; // the very same line again
      return true;
    }
    while (first < known && ends[first]! < head) first++;
    let tail = 0;
    while (tail + 4 <= common && view.getInt32(end - tail - 4, true) === view.getInt32(previous + before - tail - 4, true)) tail += 4;
    while (tail < common && bytes[end - tail - 1] === bytes[previous + before - tail - 1]) tail++;
    // The first cell whose leading tab lies in the common end.
    suffixFrom = known;
    while (suffixFrom > 1 && before - ends[suffixFrom - 2]! <= tail) suffixFrom--;
    shift = length - before;
  }
  let previousEnd = first === 0 ? -1 : ends[first - 1]!; // where the previous line's cell i - 1 ended
  let s = start + previousEnd + 1;
  let read = count; // cells of this line whose ends are known once it is read
  for (let i = first; i < count; i++) {
    if (i >= suffixFrom && i < known && s - start === previousEnd + 1 + shift) {
      // The rest of the line is the previous line's tail, so are its cells: they stand in `cells`.
      for (let j = i; j < known; j++) ends[j] = ends[j]! + shift;
      read = known;
      break;
    }
    previousEnd = ends[i]!;
    const kind = kinds[i]!;
    let q = s;
    let value: Cell = null;
    let c: number;
    if (kind !== NUMBER) {
      // Step 4 bytes at a time to the cell's end, hashing the words on the way (for the cache).
      let word = 0;
      let stops = 0;
      let hash = 0;
      for (;;) {
        word = view.getInt32(q, true);
        stops = stopBytes(word);
        if (stops !== 0) break;
        hash = mix(hash, word);
        q += 4;
      }
      const rest = (31 - Math.clz32(stops & -stops)) >> 3; // bytes of the cell in the last word
      q += rest;
      c = bytes[q]!;
      if (kind !== SKIP && q !== s) {
        const lastBytes = word & ((1 << (8 * rest)) - 1);
        hash = mix(hash, lastBytes);
        const slot = i * SLOTS + ((hash >>> 24) & (SLOTS - 1));
        const at = slot * STRIDE;
        const cellLength = q - s;
        let hit = keys[at] === cellLength;
        if (hit) {
          const words = cellLength >> 2;
          for (let j = 0; j < words; j++) {
            if (view.getInt32(s + 4 * j, true) !== keys[at + 1 + j]) {
              hit = false;
              break;
            }
          }
          if (hit && rest !== 0 && lastBytes !== keys[at + 1 + words]) hit = false;
        }
        value = hit ? values[slot]! : remember(bytes, view, s, q, state, slot, kind);
      }
    } else {
      // Plain decimals, [-]digits[.digits] with at most 15 digits, are read as an exact integer and
      // divided by an exact power of ten: one correctly rounded division, so the very double that
      // Number(text) gives. Anything else ("1,234.50", "1e3", "+5", "n/a") goes through the text.
      let digits = 0;
      let point = -1;
      let n = 0;
      const negative = bytes[q] === 45; /* - */
      if (negative) q++;
      while ((c = bytes[q]!) > 13 && c < 128) {
        if (c >= 48 && c <= 57) {
          n = n * 10 + (c - 48);
          digits++;
        } else if (c === 46 /* . */ && point < 0) point = digits;
        else digits = MAX_DIGITS + 1;
        q++;
      }
      if (q !== s) {
        if (digits === 0 || digits > MAX_DIGITS) value = parseNumberCell(bytes.toString("latin1", s, q));
        else {
          if (point >= 0 && n !== 0) n /= POWERS_OF_TEN[digits - point]!; // 0 needs no division ("0.00")
          value = negative ? -n : n;
        }
      }
    }
    cells[i] = value;
    ends[i] = q - start;
    if (c !== 9 /* \t */) {
      if (q !== end) {
        state.lineStart = -1; // a byte ≥ 0x80 or a control character inside the line
        return false;
      }
      for (let j = i + 1; j < count; j++) cells[j] = null; // a short line: the rest is blank
      read = i + 1;
      break;
    }
    s = q + 1;
  }
  state.known = read;
  state.lineStart = start;
  state.lineLength = length;
  return true;
}

/** A cache miss: makes the cell's value (the bytes are ASCII, so latin1 is UTF-8) and stores it in the slot. */
function remember(bytes: Buffer, view: DataView, s: number, q: number, state: ReaderState, slot: number, kind: number): Cell {
  const text = bytes.toString("latin1", s, q);
  const value = kind === DATE ? parseDateCell(text) : text;
  const length = q - s;
  if (length <= MAX_CACHED) {
    const { keys } = state;
    const at = slot * STRIDE;
    keys[at] = length;
    state.values[slot] = value;
    let j = 0;
    for (; 4 * j + 4 <= length; j++) keys[at + 1 + j] = view.getInt32(s + 4 * j, true);
    const rest = length & 3;
    if (rest !== 0) keys[at + 1 + j] = view.getInt32(s + 4 * j, true) & ((1 << (8 * rest)) - 1);
  }
  return value;
}

/** Fills `state.cells` from a decoded line, cutting cells with indexOf and slice. */
function readText(line: string, state: ReaderState): void {
  const { kinds, cells } = state;
  state.lineStart = -1; // `cells` no longer matches the last byte line
  const end = line.length;
  let s = 0;
  for (let i = 0; i < kinds.length; i++) {
    if (s > end) {
      cells[i] = null;
      continue;
    }
    let e = line.indexOf("\t", s);
    if (e === -1) e = end;
    const kind = kinds[i]!;
    if (kind !== SKIP) {
      const text = line.slice(s, e);
      cells[i] = e === s ? null : kind === NUMBER ? parseNumberCell(text) : kind === DATE ? parseDateCell(text) : text;
    }
    s = e + 1;
  }
}
