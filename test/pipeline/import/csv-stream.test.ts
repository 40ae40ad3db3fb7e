import { describe, expect, it } from 'vitest';
import { readCsvItems } from '../../../src/pipeline/import/csv-stream.js';
import { readCsvRecords } from '../../../src/pipeline/scout/csv-records.js';

const FILES = [
  '\ufeffBusiness,Sector\n"Acme, Inc.",factories\n"Multi\nLine Co",hotels\n\nTiny Gym,gyms\n',
  'name,industry\nGood One,retail\nToo,many,fields\n"Bro"ken,retail\nGood Two,retail\n"Unclosed,retail\n',
  'name,industry\n"Unclosed Dental,dentists\nSecond Clinic,dentists\n"Quoted, Inc.",retail\nAcme "The Best" Plumbing,x\nLast,retail',
  'name,industry\r\n\r\n"Two\r\nLines",retail\r\nNext,retail\rMixed,retail\n"bad"x,retail\r\nEnd,retail',
  'name,industry\n"Ünïcödé, ☕ Café",retail\n"a ""quoted"" word",retail\r\n',
];

/** The file's bytes from `from`, in pieces of `size` bytes (a piece may end inside a character). */
async function* pieces(bytes: Buffer, size: number, from = 0) {
  for (let i = from; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(i + size, bytes.length));
}

async function readAll(text: string, size: number, from = { offset: 0, line: 1 }) {
  const out = [];
  for await (const batch of readCsvItems(pieces(Buffer.from(text, 'utf8'), size, from.offset), from, 3))
    out.push(...batch);
  return out;
}

describe('reading a CSV file piece by piece', () => {
  it.each(FILES.map((f, i) => [i, f] as const))(
    'file %i: the same records and problems, on the same lines, whatever the pieces',
    async (_, text) => {
      const whole = readCsvRecords(text);
      for (const size of [1, 2, 3, 5, 7, 64, 1 << 20]) {
        const items = await readAll(text, size);
        expect(items.flatMap((i) => (i.fields ? [{ line: i.line, fields: i.fields }] : []))).toEqual(whole.records);
        expect(items.flatMap((i) => (i.problem ? [i.problem] : []))).toEqual(whole.problems);
      }
    },
  );

  it('continues exactly after any item, from its byte offset and line', async () => {
    for (const text of FILES) {
      const all = await readAll(text, 4);
      for (const [k, item] of all.entries())
        expect(await readAll(text, 5, { offset: item.end, line: item.next })).toEqual(all.slice(k + 1));
    }
  });
});
