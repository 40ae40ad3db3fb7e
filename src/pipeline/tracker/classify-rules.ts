import { type InboundMessage, ownText } from './reply-text.js';
import { findReturnDate } from './return-date.js';

export const REPLY_CLASSES = [
  'positive',
  'neutral',
  'negative',
  'question',
  'out_of_office',
  'auto_reply',
  'bounce',
  'unsubscribe',
  'left_company',
] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];
export const HUMAN_CLASSES: readonly ReplyClass[] = ['positive', 'neutral', 'negative', 'question', 'unsubscribe'];

export interface RuleVerdict {
  classification: ReplyClass;
  reason: string;
  returnDate?: Date;
  hardBounce?: boolean;
  failedRecipient?: string;
}

const OOO_SUBJECT =
  /\b(out of (the )?office|ooo|away from (the )?office|on vacation|on leave|abwesenheit\w*|abwesend|réponse automatique|absence|absent\w*|fuera de la oficina|respuesta automática|ausente|afwezig\w*|automatisch antwoord|buiten kantoor|assente|fuori ufficio|risposta automatica|ausência|resposta automática|fora do escritório|frånvar\w*|ferie|urlaub|congés?)\b/i;
const OOO_BODY =
  /\b(i am|i'm|i will be|i'll be) (currently )?(out of (the )?office|away|on (annual |parental |maternity |paternity |sick )?leave|on vacation|on holiday|travell?ing|out until|offline)|\bout of (the )?office (until|through|from|and)|\bbin (derzeit |zurzeit |bis )?.{0,40}(nicht im büro|abwesend|im urlaub)|\bje suis (actuellement )?(absent|en congés?|en vacances)|\bestoy (fuera de la oficina|de vacaciones|ausente)|\bik ben (afwezig|met vakantie|niet op kantoor)|\bsono (fuori (ufficio|sede)|in ferie|assente)|\bestou (fora do escritório|de férias|ausente)|\bjag är (ledig|på semester|borta)|limited access to (my )?e-?mail/i;
const LEFT_COMPANY =
  /\b(no longer (with|at|works? (for|at|here)|employed|part of)|has left (the company|\w+ ?\w*)|have left (the company|\w+)|is not with .{1,40} anymore|left the (company|organi[sz]ation|firm)|retired from|nicht mehr (bei|im unternehmen|für)|ne fait plus partie|a quitté (la société|l'entreprise)|ya no (trabaja|forma parte)|werkt niet meer|não trabalha mais|non lavora più)/i;
const UNSUBSCRIBE =
  /\b(unsubscribe|remove (me|us|my (email|address|name))|take (me|us) off|opt(ed)? out|stop (emailing|e-?mailing|contacting|sending)|do not (contact|email|e-?mail)|don't (contact|email|e-?mail) (me|us) (again|anymore)|no more e-?mails|not contact (me|us) again|bitte (keine|nicht mehr)|abmelden|désinscri|désabonner|darme de baja|dar de baja|afmelden|cancelar (la )?suscripción)/i;
const DSN_SUBJECT =
  /\b(undeliverable|undelivered|delivery (status notification|has failed|failure|incomplete)|mail delivery (failed|failure|subsystem)|returned mail|failure notice|could not be delivered|non ?remis|unzustellbar|no se puede entregar|onbestelbaar)\b/i;

function header(msg: InboundMessage, name: string): string {
  return (msg.headers[name] ?? '').toLowerCase();
}

/** Bounce (DSN) detection: report content type, mailer-daemon senders, DSN subjects; hard when status 5.x.x. */
function bounceVerdict(msg: InboundMessage): RuleVerdict | undefined {
  const ct = (msg.contentType ?? header(msg, 'content-type')).toLowerCase();
  const isReport = ct.includes('multipart/report') && ct.includes('delivery-status');
  const fromDaemon =
    /^(mailer-daemon|postmaster|mail-daemon|mail delivery (subsystem|system))\b|^(mailer-daemon|postmaster)@/i.test(
      msg.fromName ?? msg.from,
    ) || /^(mailer-daemon|postmaster)@/i.test(msg.from);
  if (
    !isReport &&
    !(fromDaemon && DSN_SUBJECT.test(msg.subject)) &&
    !(DSN_SUBJECT.test(msg.subject) && /\b[45]\.\d\.\d+\b/.test(msg.text))
  )
    return undefined;
  const status =
    /Status:\s*([245]\.\d{1,3}\.\d{1,3})/i.exec(msg.deliveryStatus ?? '')?.[1] ??
    /\b([45]\.\d\.\d{1,3})\b/.exec(msg.text)?.[1];
  const action = /Action:\s*(\w+)/i.exec(msg.deliveryStatus ?? '')?.[1]?.toLowerCase();
  const recipient =
    /Final-Recipient:\s*rfc822;\s*<?([^\s>]+)/i.exec(msg.deliveryStatus ?? '')?.[1] ??
    /Original-Recipient:\s*rfc822;\s*<?([^\s>]+)/i.exec(msg.deliveryStatus ?? '')?.[1] ??
    /<([^\s>@]+@[^\s>]+)>/.exec(msg.text)?.[1];
  if (action === 'delayed' || status?.startsWith('4'))
    return {
      classification: 'bounce',
      reason: `delivery delayed (${status ?? 'temporary failure'})`,
      hardBounce: false,
      failedRecipient: recipient,
    };
  return {
    classification: 'bounce',
    reason: `delivery failed${status ? ` (${status})` : ''}`,
    hardBounce: true,
    failedRecipient: recipient,
  };
}

/** Whether the message says of itself that a machine sent it (RFC 3834 and the usual vendor headers). */
export function isAutomatic(msg: InboundMessage): boolean {
  const autoSubmitted = header(msg, 'auto-submitted');
  const precedence = header(msg, 'precedence');
  return (
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    'x-autoreply' in msg.headers ||
    'x-autorespond' in msg.headers ||
    header(msg, 'x-auto-response-suppress').includes('all') ||
    /^(auto_reply|bulk|junk|list)$/.test(precedence)
  );
}

/**
 * Rules that settle a reply without a model: bounces, leavers, out-of-office (with the return date),
 * other auto-replies, unsubscribe requests. Undefined means "a person wrote this; judge its intent".
 */
export function classifyByRules(msg: InboundMessage, now: Date): RuleVerdict | undefined {
  const bounce = bounceVerdict(msg);
  if (bounce) return bounce;
  const own = ownText(msg.text).text;
  const automatic = isAutomatic(msg);
  if (LEFT_COMPANY.test(own) || (automatic && LEFT_COMPANY.test(msg.text)))
    return { classification: 'left_company', reason: 'says the contact is no longer with the company' };
  const oooSignal = OOO_SUBJECT.test(msg.subject) || OOO_BODY.test(own);
  if (
    oooSignal &&
    !(!automatic && classifyHumanByRules(own).classification !== 'neutral') &&
    (automatic ||
      OOO_BODY.test(own) ||
      /automatic|auto|automatisch|automatique|automática|automatica/i.test(msg.subject))
  ) {
    const returnDate = findReturnDate(own || msg.text, now);
    return { classification: 'out_of_office', reason: 'out of office', returnDate };
  }
  if (automatic) return { classification: 'auto_reply', reason: 'automatic reply (headers)' };
  if (
    /^(automatic reply|auto[- ]?reply|autoreply|automated response)\b/i.test(msg.subject) ||
    /\bthis is an automated (response|message|reply)\b/i.test(own)
  )
    return { classification: 'auto_reply', reason: 'automatic reply (text)' };
  if (
    UNSUBSCRIBE.test(own) ||
    /^\s*(unsubscribe|stop|remove)\s*[.!]*\s*$/i.test(own) ||
    /^unsubscribe\b/i.test(msg.subject)
  )
    return { classification: 'unsubscribe', reason: 'asks not to be contacted' };
  return undefined;
}

const POSITIVE =
  /\b(yes|yeah|(?<!not )sure|(?<!not |un)interested|sounds (good|great|interesting)|let'?s (talk|chat|do it|set|schedule|connect|find)|happy to (chat|talk|meet|connect|take a look|hop)|would love|love to|i'?d (like|be happy|be glad)|set up a (call|time|meeting)|book (a|some) time|schedule a (call|meeting)|what times?|when (are|is) (you|a good)|my calendar|send (me |over )?(more|details|the|a proposal|info)|call me|give me a call|(can|could|shall|should) we (talk|chat|meet|speak|connect|set up|schedule|hop on)|(this is|that'?s|very|good) timely|good timing|free (on|next|this)|available (on|next|this|tomorrow)|works for (me|us)|go ahead|count (me|us) in|tell me more|forward(ed|ing)? (this|it|you) to|looping in|cc'?(ing|ed)|ja,? gerne|gerne|oui|avec plaisir|volontiers|intéressé|sí,? (claro|me interesa)|me interesa|interesad[oa]|graag|interessant|sim,? (claro)?|interessad[oa]|sì|interessat[oa])\b/i;
const NEGATIVE =
  /\b(not interested|no thanks|no,? thank you|(not|isn'?t|is not) (a |really a )?(good |great |right )?fit|(not|isn'?t) the right time|we'?re (all )?set|we are (all )?set|already (have|work with|use|using)|not (at this time|right now|now|a priority)|no need|pass on this|we'?ll pass|not for us|please don'?t|not looking|no budget|kein interesse|pas intéressé|no me interesa|geen interesse|não tenho interesse|non (sono|siamo) interessat)/i;

/** Rule-based intent for a human reply: the fallback when no model is available. */
export function classifyHumanByRules(text: string): { classification: ReplyClass; reason: string } {
  const own = ownText(text);
  const t = own.text;
  if (NEGATIVE.test(t)) return { classification: 'negative', reason: 'declines' };
  if (POSITIVE.test(t))
    return { classification: 'positive', reason: own.forwarded ? 'forwarded internally' : 'shows interest' };
  if (/\?/.test(t)) return { classification: 'question', reason: 'asks a question' };
  if (own.forwarded) return { classification: 'neutral', reason: 'forwarded without comment' };
  return { classification: 'neutral', reason: 'no clear intent' };
}
