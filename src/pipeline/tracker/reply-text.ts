import EmailReplyParser from 'email-reply-parser';
import type { InboundMessage } from './inbound-message.js';

export type { InboundMessage };

const QUOTE_MARKERS: RegExp[] = [
  /^\s*On .{4,200}wrote:\s*$/im,
  /^\s*On .{4,120}\n.{0,120}wrote:\s*$/im,
  /^\s*Le .{4,200}a écrit\s*:\s*$/im,
  /^\s*Am .{4,200}schrieb .{0,200}:\s*$/im,
  /^\s*El .{4,200}escribió:\s*$/im,
  /^\s*Op .{4,200}schreef .{0,200}:\s*$/im,
  /^\s*Em .{4,200}escreveu:\s*$/im,
  /^\s*Il .{4,200}ha scritto:\s*$/im,
  /^\s*Den .{4,200}skrev .{0,200}:\s*$/im,
  /^.{4,200}\b(wrote|schrieb|a écrit|escribió|ha scritto|schreef|skrev|escreveu|kirjoitti|napisał)\s*:\s*$/im,
  /^\s*-{2,}\s*(Original(nachricht| Message)|Oorspronkelijk bericht|Mensaje original|Messaggio originale|Ursprungligt meddelande|Mensagem original)\s*-{2,}/im,
  /^\s*-{2,}\s*Original Message\s*-{2,}/im,
  /^\s*-{2,}\s*Ursprüngliche Nachricht\s*-{2,}/im,
  /^\s*-{2,}\s*Message d'origine\s*-{2,}/im,
  /^\s*_{10,}\s*$/m,
  /^\s*From:\s.+\n\s*(Sent|Date):\s.+/im,
  /^\s*Von:\s.+\n\s*(Gesendet|Datum):\s.+/im,
  /^\s*De\s?:\s.+\n\s*(Envoyé|Enviado|Date|Fecha)\s?:\s.+/im,
  /^\s*(Van|Da|Från|Fra)\s?:\s.+\n\s*(Verzonden|Inviato|Skickat|Sendt|Datum|Data)\s?:\s.+/im,
  /^\s*\*?(From|Von|De|Van|Da|Från)\s?:\*?\s.+\n(\s*\*?(To|An|À|Para|Aan|A|Till|Cc)\s?:\*?\s.+\n)?\s*\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Inviato|Skickat)\s?:/im,
];

const FORWARD_MARKERS: RegExp[] = [
  /^\s*-{5,}\s*Forwarded message\s*-{5,}/im,
  /^\s*Begin forwarded message:/im,
  /^\s*-{5,}\s*Weitergeleitete Nachricht\s*-{5,}/im,
  /^\s*-{5,}\s*Message transféré\s*-{5,}/im,
  /^\s*-{5,}\s*Mensaje reenviado\s*-{5,}/im,
];

/** Lines that offer an unsubscribe link (our own footer, quoted or not) are never a request to unsubscribe. */
const FOOTER_LINE = /^.*\bunsubscribe\b.*(https?:\/\/|mailto:|<http).*$/gim;
const MEANINGFUL = /[\p{L}\p{N}]{2,}/u;

function earliest(markers: RegExp[], text: string): { index: number; marker: RegExp } | undefined {
  let best: { index: number; marker: RegExp } | undefined;
  for (const marker of markers) {
    const m = marker.exec(text);
    if (m && (!best || m.index < best.index)) best = { index: m.index, marker };
  }
  return best;
}

/** A bottom-posted reply: what follows the quoted history, less the quote header and quoted lines. */
function afterQuote(rest: string): string {
  const lines = rest.split('\n').slice(1);
  const lastQuoted = lines.findLastIndex((l) => /^\s*>/.test(l));
  return lines.slice(lastQuoted + 1).join('\n');
}

/** Whether the text quotes earlier mail under a mail client's quote header ("On … wrote:", an Outlook header block). */
export function quotesHistory(text: string): boolean {
  const normalized = text.replace(/\r\n?/g, '\n');
  return /^\s*>/m.test(normalized) || earliest(QUOTE_MARKERS, normalized) !== undefined;
}

/**
 * The part of a reply its author wrote: quoted history (top- or bottom-posted), forwarded content, signatures and
 * unsubscribe footers cut off. email-reply-parser finds quote headers and signatures; the markers above add the
 * layouts it misses (Outlook header blocks, localized "Original Message" lines). `forwarded` is true when the message
 * forwards something below its own text.
 */
export function ownText(text: string): { text: string; forwarded: boolean } {
  const normalized = text.replace(/\r\n?/g, '\n');
  const forward = earliest(FORWARD_MARKERS, normalized);
  const head = forward ? normalized.slice(0, forward.index) : normalized;
  const quote = earliest(QUOTE_MARKERS, head);
  let own = quote ? head.slice(0, quote.index) : head;
  if (quote && !MEANINGFUL.test(own)) own = afterQuote(head.slice(quote.index));
  const visible = new EmailReplyParser().read(own.replace(FOOTER_LINE, '')).getVisibleText();
  const lines = visible.split('\n').filter((line) => !/^\s*>/.test(line));
  const sig = lines.findIndex(
    (l) =>
      /^--\s?$/.test(l) || /^(sent from my|envoyé de mon|von meinem|enviado desde mi|inviato da)\b/i.test(l.trim()),
  );
  return { text: (sig === -1 ? lines : lines.slice(0, sig)).join('\n').trim(), forwarded: Boolean(forward) };
}
