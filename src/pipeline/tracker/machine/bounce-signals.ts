import type { InboundMessage } from '../inbound-message.js';

/**
 * How a delivery report that is not RFC 3464 says what it is: who sends it (the mail system, RFC 5321's null
 * reverse-path), what its subject and text say (MTA templates and Exchange's localized NDR subjects), and whether it
 * reports a failure, a delay or a success. Written here: no maintained library classifies bounces.
 */

/** Mail-system senders, and the list manager addresses of RFC 2369 lists (owner-, -bounces, -request); Domino
 * writes its hierarchical server name into the local part (Postmaster/ORG). */
const SYSTEM_LOCAL =
  /^(mailer[-_]?daemon|mail[-_]?daemon|post_?master|bounces?|mdaemon|microsoftexchange[0-9a-f]*|mail-?delivery|listserv|majordomo|owner-.+|.+-(bounces|owner|request)(\+.*)?)(\/[^@]*)?$/i;
const SYSTEM_NAME =
  /\b(mail ?delivery (system|subsystem|service|software)|mailer-?daemon|postmaster|mail administrator|mail ?system|microsoft outlook|internet mail|delivery status|mail ?server|e-?mail delivery|returned mail|administrat(or|eur)|mail-?gateway|email security)\b/i;

export const FAILURE_SUBJECT =
  /\b(undeliverable|undelivered|non-?deliverable|not delivered|(delivery|delivery status notification) ?[(:]? ?(failure|failed|has failed)|delivery (failure|failed|incomplete)|mail delivery (failed|failure)|returned mail|returned to sender|failure notice|could not be delivered|could not send|non[- ]?delivery|message (blocked|rejected|bounced)|rejected:|unzustellbar\w*|nicht zustellbar\w*|zustellung fehlgeschlagen|non remis|non distribu|échec (de la )?(remise|distribution)|non délivré|no se puede entregar|no entregado|error de entrega|non recapitabile|mancato recapito|impossibile recapitare|onbestelbaar|niet bezorgd|bezorging mislukt|olevererbar[t]?|kunde inte levereras|ej levererat|não (é possível )?entreg\w*|falha na entrega|ikke leveret|kan ikke leveres|ikke levert|niedostarczal\w*|nedoručitel\w*)\b/i;
export const DELAY_SUBJECT =
  /\b(delay(ed)?|still being retried|warning: (message|could not send)|delivery (status notification )?\(?delay|zustellung verzögert|verzögert|remise différée|différé|entrega retrasada|retrasad[oa]|consegna ritardata|ritardat[oa]|vertraagd|försenad|fördröjd|atrasad[oa])\b/i;
export const SUCCESS_SUBJECT =
  /^\s*(delivered|relayed|delivery status notification \((relay|success)\)|successful mail delivery|delivery (notification|report): (delivered|success)|zugestellt|übermittelt|remis|entregado|entregue|consegnato|recapitato|afgeleverd|bezorgd|levererat)\b/i;

export const FAILURE_TEXT =
  /\b(did ?n[o']t reach (the following|some or all|the intended|its)|your message\b[^\n]{0,100}?\b(has been|was|is) (rejected|refused|returned)|(could ?n[o']t|can ?n[o']t|cannot|was ?n[o']t|were ?n[o']t|unable to|failed to)( be)? (deliver(ed)?|relay(ed)?)|delivery (to .{1,80} )?(has )?(failed|failure)|undeliverable|undelivered|permanent(ly)? (fatal )?(error|failure|failed)s?|non-?delivery|returned (mail|to sender)|mail delivery (failed|system|subsystem|software)|qmail-send program|retry time(out)? (exceeded|expired)|giving up|gave up|(message|address) (rejected|blocked)|rejected (your|the) message|not listed in|konnte nicht zugestellt|nicht .{0,60}zugestellt werden|unzustellbar|n'a pas (pu )?être (remis|distribué|délivré)|non remis|no se (pudo|puede) entregar|non (è stato possibile|può essere) recapitat\w*|non recapitabile|kon(den)? niet (worden )?(bezorgd|afgeleverd)|onbestelbaar|kunde inte levereras|olevererbart|não (pôde|foi possível) (ser )?entreg\w*)/i;
export const DELAY_TEXT =
  /\b(delayed|deferred|temporary problem|not (yet )?been delivered|has not been delivered yet|will (continue to |keep )?(retry|try|attempt)\w*|still (trying|being retried)|will be retried|is being retried|retry(ing)? (until|for)|no action is required|held for moderation|(is being |been )held (until|for)|awaits? (the )?moderat\w*|awaiting (the )?moderat\w*|pending moderat\w*|requires? (the )?(list )?moderator|verzögert|différé|retrasad[oa]|ritardat[oa]|vertraagd|försenat)\b/i;
export const SUCCESS_TEXT =
  /\b((?<!not |n't |never )(was|were|has been|have been) (successfully )?(delivered|relayed)( to)?|delivery to (the following|these) recipients? (was |has )?(succeeded|completed|complete|successful)|relayed to non-delivery-report-capable)\b/i;

/** MTA templates and generic NDR wording that only a mail system writes about a message it handled. */
const MTA_MARKERS =
  /(created automatically by mail delivery software|this is the qmail-send program|this is the mail system at host|i'm sorry to have to inform you|the original message was received at|the following addresses had permanent fatal errors|delivery to the following recipients? failed|delivery has failed to these recipients|diagnostic information for administrators|remote (host|server) (said|returned)|smtp error from remote mail server|the response from the remote server was|reporting-mta:|final-recipient:|x-failed-recipients|original message headers|below this line is a copy of the message|this is a copy of the message|the following message to .{1,100} was undeliverable|your message (to .{1,100} )?(couldn'?t|could not|wasn'?t|was not) (be )?delivered|your message did not reach some or all|your document:)/i;

const localPart = (address: string) => address.split('@')[0] ?? '';

/**
 * Sent from a mail system's or list manager's address, or with the null reverse-path (RFC 5321; RFC 3834 asks
 * responders to use it). The address alone, not the display name: a shop may be called "Postmaster General".
 */
export function fromMailSystemAddress(msg: InboundMessage): boolean {
  const returnPath = (msg.headers['return-path'] ?? '').trim();
  return msg.from === '' || returnPath === '<>' || SYSTEM_LOCAL.test(localPart(msg.from));
}

/** Sent by a mail system: its address (above), or a display name like "Mail Delivery System" or "postmaster". */
export function fromMailSystem(msg: InboundMessage): boolean {
  return fromMailSystemAddress(msg) || SYSTEM_NAME.test(msg.fromName ?? '') || SYSTEM_LOCAL.test(msg.fromName ?? '');
}

/** Whether the text carries a mail system's template or an SMTP status code given as a failure. */
export function hasMtaMarkers(text: string): boolean {
  return MTA_MARKERS.test(text);
}

export const STATUS_IN_TEXT = /(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d]|\.\d)|(?:^|[\s:#(])[45][0-5]\d[ -](?=\S)/m;
