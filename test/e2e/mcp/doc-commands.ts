// Reads the runnable examples out of the skill docs: every line of a ```sh block is an `asckit`
// command (run), an `export`/`unset` (changes the environment of the lines after it), or a comment.
// A trailing comment may give the exit code (`# exit 8: why`) and what the command prints
// (`# → "state": "VALID"`), both checked by the test.

export interface DocCommand {
  file: string;
  /** 1-based line of the command in the file. */
  line: number;
  text: string;
  kind: "run" | "export" | "unset";
  /** `NAME=value` words before the command, for one command only. */
  assignments: Record<string, string>;
  /** Words after `asckit`, placeholders not yet substituted. */
  words: string[];
  /** From a trailing `# exit N` comment; 0 otherwise. */
  expectedExit: number;
  /** A trailing `# until stopped` comment: a server that runs until Ctrl-C. */
  longRunning: boolean;
  /**
   * From `→ TEXT` in the trailing comment (`# → "bundleId": "com.example.demo"`, `# exit 8 → line 4`):
   * what the doc says the command prints, checked against its stdout and stderr.
   */
  shows?: string;
}

const LITERAL_DOLLAR = "\u0000";

/** Splits a shell line into words the way sh would for the simple lines docs use; refuses anything fancier. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      // No expansion inside single quotes, as in sh: hide `$` from substitute().
      word += line.slice(i + 1, end).replace(/\$/g, LITERAL_DOLLAR);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && j + 1 < line.length) j++;
        if (line[j] === "$" && line[j + 1] === "(") throw new Error(`command substitution is not supported in docs: ${line}`);
        word += line[j];
      }
      if (j >= line.length) throw new Error(`unterminated " in: ${line}`);
      i = j;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      const next = line[++i]!;
      word += next === "$" ? LITERAL_DOLLAR : next;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if ("|&;<>`".includes(c) || (c === "$" && line[i + 1] === "(")) {
      throw new Error(`"${c}" (pipes, redirections, chaining, substitution) is not supported in tested docs: ${line}`);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export function docCommands(file: string, markdown: string): DocCommand[] {
  const lines = markdown.split("\n");
  const out: DocCommand[] = [];
  let inSh = false;
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed.startsWith("```")) {
      if (fence) {
        fence = false;
        inSh = false;
      } else {
        fence = true;
        inSh = trimmed === "```sh";
      }
      continue;
    }
    if (!inSh || !trimmed || trimmed.startsWith("#")) continue;
    const lineNo = i + 1;
    let text = trimmed;
    while (text.endsWith("\\") && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
    const comment = /\s+#\s*(.*)$/.exec(text);
    const note = comment?.[1] ?? "";
    if (comment) text = text.slice(0, comment.index);
    const exit = /^exit (\d+)\b/.exec(note);
    const arrow = note.indexOf("→");
    const shows = arrow >= 0 ? note.slice(arrow + 1).trim() : undefined;
    if (shows === "") throw new Error(`${file}:${lineNo}: "→" needs the text the command prints`);
    const words = shellWords(text);
    const assignments: Record<string, string> = {};
    while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
      const w = words.shift()!;
      assignments[w.slice(0, w.indexOf("="))] = w.slice(w.indexOf("=") + 1);
    }
    const base = { file, line: lineNo, text, assignments, expectedExit: exit ? Number(exit[1]) : 0, longRunning: /^until stopped\b/.test(note), ...(shows ? { shows } : {}) };
    if (words[0] === "export" || words[0] === "unset") {
      if (Object.keys(assignments).length) throw new Error(`${file}:${lineNo}: assignments before ${words[0]}`);
      out.push({ ...base, kind: words[0], words: words.slice(1) });
    } else if (words[0] === "asckit" || (words[0] === "npx" && words[1] === "asckit")) {
      out.push({ ...base, kind: "run", words: words.slice(words[0] === "npx" ? 2 : 1) });
    } else {
      throw new Error(`${file}:${lineNo}: only asckit commands, export and unset can be tested; found: ${text}`);
    }
  }
  return out;
}

/** Replaces `$NAME` and `${NAME}` from `values`; an unknown placeholder is an error, so docs cannot use one the test does not know. */
export function substitute(word: string, values: Record<string, string | undefined>, where: string): string {
  return word
    .replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_m, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${where}: unknown placeholder $${name}`);
      return value;
    })
    .replaceAll(LITERAL_DOLLAR, "$");
}
