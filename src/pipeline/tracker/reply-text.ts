/** What the tracker needs from an inbound message, whatever it came from (IMAP, an .eml file). */
export interface InboundMessage {
  from: string;
  fromName?: string;
  to: string[];
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  date?: Date;
  /** Lower-cased header names → values (first occurrence). */
  headers: Record<string, string>;
  contentType?: string;
  /** Text of message/delivery-status parts (DSNs). */
  deliveryStatus?: string;
  /** Headers of an attached original message (DSNs, forwarded mail). */
  attachedHeaders?: Record<string, string>;
}

const QUOTE_MARKERS: RegExp[] = [
  /^\s*On .{4,200}wrote:\s*$/im,
  /^\s*On .{4,120}\n.{0,120}wrote:\s*$/im,
  /^\s*Le .{4,200}a écrit\s*:\s*$/im,
  /^\s*Am .{4,200}schrieb .{0,200}:\s*$/im,
  /^\s*El .{4,200}escribió:\s*$/im,
  /^\s*Op .{4,200}schreef .{0,200}:\s*$/im,
  /^\s*Em .{4,200}escreveu:\s*$/im,
  /^\s*Il .{4,200}ha scritto:\s*$/im,
  /^\s*-{2,}\s*Original Message\s*-{2,}/im,
  /^\s*-{2,}\s*Ursprüngliche Nachricht\s*-{2,}/im,
  /^\s*-{2,}\s*Message d'origine\s*-{2,}/im,
  /^\s*_{10,}\s*$/m,
  /^\s*From:\s.+\n\s*(Sent|Date):\s.+/im,
  /^\s*Von:\s.+\n\s*(Gesendet|Datum):\s.+/im,
  /^\s*De\s?:\s.+\n\s*(Envoyé|Enviado|Date)\s?:\s.+/im,
];

const FORWARD_MARKERS: RegExp[] = [
  /^\s*-{5,}\s*Forwarded message\s*-{5,}/im,
  /^\s*Begin forwarded message:/im,
  /^\s*-{5,}\s*Weitergeleitete Nachricht\s*-{5,}/im,
  /^\s*-{5,}\s*Message transféré\s*-{5,}/im,
  /^\s*-{5,}\s*Mensaje reenviado\s*-{5,}/im,
];

/**
 * The part of a reply its author wrote: quoted history, forwarded content and signatures cut off.
 * `forwarded` is true when the message forwards something below its own text.
 */
export function ownText(text: string): { text: string; forwarded: boolean } {
  const normalized = text.replace(/\r\n/g, '\n');
  let cut = normalized.length;
  let forwarded = false;
  for (const marker of [...QUOTE_MARKERS, ...FORWARD_MARKERS]) {
    const m = marker.exec(normalized);
    if (m && m.index < cut) {
      cut = m.index;
      forwarded = FORWARD_MARKERS.includes(marker);
    }
  }
  const lines = normalized
    .slice(0, cut)
    .split('\n')
    .filter((line) => !/^\s*>/.test(line));
  const sig = lines.findIndex((l) => /^--\s?$/.test(l) || /^(sent from my|envoyé de mon|von meinem)\b/i.test(l.trim()));
  const own = (sig === -1 ? lines : lines.slice(0, sig)).join('\n').trim();
  return { text: own, forwarded };
}
