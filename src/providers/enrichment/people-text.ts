import { looksLikePersonName } from '../../pipeline/enrichment/gates.js';

export interface NamedPerson {
  name: string;
  title: string;
  /** Line the name was read from (for pairing with a nearby address). */
  line: number;
}

type Rank = (title: string | null | undefined) => number | null;

const SEPARATORS = /\s+[-–—|·]\s+|\s*[,:]\s+|\s*\(\s*|\s*\)\s*/;
/** Sentence ends, but not after an initial ("Dana M. Whitfield"). */
const SENTENCE_END = /(?<=[a-z0-9)]{2}[.!?;])\s+(?=[A-Z])/;
const SENTENCE =
  /([A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’.-]+){1,2}),? (?:is|serves as|was named|has been|joined as) (?:the |our |a |an )?([A-Za-z ,&/]{2,60}?)(?: of| at| for|[.;]|$)/gu;

/** Pairs in one line of text: "Dana Whitfield, CFO", "CFO: Dana Whitfield", "Dana Whitfield (Owner)", sentences. */
export function peopleInLine(text: string, rank: Rank, line = 0): NamedPerson[] {
  const found: NamedPerson[] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    const parts = sentence
      .replace(/[.!?;]+$/, '')
      .split(SEPARATORS)
      .map((p) => p.trim())
      .filter(Boolean);
    for (let i = 0; i + 1 < parts.length; i++) {
      const [a, b] = [parts[i]!, parts[i + 1]!];
      if (looksLikePersonName(a) && rank(b) !== null) found.push({ name: a, title: b, line });
      else if (rank(a) !== null && looksLikePersonName(b)) found.push({ name: b, title: a, line });
    }
  }
  for (const m of text.matchAll(SENTENCE)) {
    const name = m[1]!;
    const title = m[2]!.trim();
    if (looksLikePersonName(name) && rank(title) !== null && !found.some((f) => f.name === name))
      found.push({ name, title, line });
  }
  return found;
}

/**
 * People with target titles in a page's lines: pairs within a line, and team-card layouts where the name and the
 * title sit on neighbouring lines ("Dana Whitfield" / "Chief Financial Officer").
 */
export function peopleInLines(lines: readonly string[], rank: Rank): NamedPerson[] {
  const found: NamedPerson[] = [];
  const add = (p: NamedPerson) => {
    if (!found.some((f) => f.name === p.name)) found.push(p);
  };
  lines.forEach((text, i) => {
    if (text.length > 300) return;
    for (const p of peopleInLine(text, rank, i)) add(p);
    const next = lines[i + 1]?.trim();
    if (!next || text.length > 60 || next.length > 80) return;
    if (looksLikePersonName(text) && rank(next) !== null) add({ name: text, title: next, line: i });
    else if (rank(text) !== null && looksLikePersonName(next) && rank(next) === null)
      add({ name: next, title: text, line: i + 1 });
  });
  return found;
}
