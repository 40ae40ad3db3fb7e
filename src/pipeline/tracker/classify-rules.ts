import { classifyHumanByRules } from './human-intent.js';
import {
  fromUnattendedMailbox,
  isAcknowledgement,
  isAutomatic,
  isChallenge,
  isListMail,
  isListUnsubscribeRequest,
} from './machine/automatic.js';
import { deliveryVerdict } from './machine/delivery.js';
import { aggregateReportVerdict, feedbackVerdict, forwardedAbuseVerdict } from './machine/feedback.js';
import { receiptVerdict } from './machine/receipt.js';
import { type InboundMessage, ownText } from './reply-text.js';
import { findReturnDate } from './return-date.js';
import type { RuleVerdict } from './verdict.js';

export { classifyHumanByRules } from './human-intent.js';
export { isAutomatic } from './machine/automatic.js';
export { HUMAN_CLASSES, REPLY_CLASSES, type ReplyClass, type RuleVerdict } from './verdict.js';

const OOO_SUBJECT =
  /\b(out of (the )?office|ooo|away from (the )?office|on vacation|on leave|abwesenheit\w*|abwesend|absence|absent\w*|fuera de la oficina|ausente|afwezig\w*|buiten kantoor|assente|fuori ufficio|ausência|fora do escritório|frånvar\w*|ferie|urlaub|congés?)\b/i;
/** The localized "Automatic reply:" prefixes: every kind of responder uses them, so alone they do not say "away". */
const AUTO_REPLY_SUBJECT =
  /^\s*(automatic reply|auto[- ]?reply|automatische antwort|réponse automatique|respuesta automática|automatisch antwoord|risposta automatica|resposta automática|automatiskt svar)\b/i;
/**
 * Being away, in words a responder uses beside a date: with an "Automatic reply" subject they make it an absence.
 * "Back" only as being back: a ticket desk "will get back to you by Monday".
 */
const AWAY_WORDS =
  /\b(vacation|holiday|leave|away|travell?ing|(be|am|'m|are) back|back (in|at) (the )?(office|work|my desk)|return\w*|urlaub|abwesen\w*|zurück|vacances|congés?|absente?|retour|vacaciones|ausente|regres\w*|vakantie|afwezig|terug|ferie|vacanze|assente|rientr\w*|férias|retorn\w*|semester|ledig)\b/i;
const OOO_BODY =
  /\b(our )?(office|offices) (is|are|will be) closed\b|\bclosed for the (holidays?|christmas|season|summer)|\b(i am|i'm|i will be|i'll be) (currently )?(out of (the )?office|away|on (annual |parental |maternity |paternity |sick )?leave|on vacation|on holiday|travell?ing|out until|offline)|\bout of (the )?office (until|through|from|and)|\bbin (derzeit |zurzeit |bis )?.{0,40}(nicht im büro|abwesend|im urlaub)|\bje suis (actuellement )?(absent|en congés?|en vacances)|\bestoy (fuera de la oficina|de vacaciones|ausente)|\bik ben (afwezig|met vakantie|niet op kantoor)|\bsono (fuori (ufficio|sede)|in ferie|assente)|\bestou (fora do escritório|de férias|ausente)|\bjag är (ledig|på semester|borta)|limited access to (my )?e-?mail/i;
const LEFT_COMPANY =
  /\b(no longer (with|at|works? (for|at|here)|employed|part of)|has left (the company|\w+ ?\w*)|have left (the company|\w+)|is not with .{1,40} anymore|left the (company|organi[sz]ation|firm)|retired from|nicht mehr (bei|im unternehmen|für)|ne fait plus partie|a quitté (la société|l'entreprise)|ya no (trabaja|forma parte)|werkt niet meer|não trabalha mais|non lavora più)/i;
const UNSUBSCRIBE =
  /\b(unsubscribe|remove (me|us|my (email|address|name))|(delete|erase|remove) (my|our) (details|data|personal data|information|contact details)|take (me|us) off|opt(ed)? out|stop (emailing|e-?mailing|contacting|sending)|do not (contact|email|e-?mail)|don't (contact|email|e-?mail) (me|us) (again|anymore)|no more e-?mails|not contact (me|us) again|bitte (keine|nicht mehr)|abmelden|aus (ihrem|dem|diesem|eurem) verteiler|austragen|désinscri|désabonner|ne plus (m'|me |nous )(écrire|contacter|envoyer)|darme de baja|dar de baja|afmelden|cancelar (la )?suscripción)/i;
/** Reports a machine sends about a message: complaints, aggregate reports, delivery reports, read receipts. */
function machineVerdict(msg: InboundMessage): RuleVerdict | undefined {
  return (
    feedbackVerdict(msg) ??
    aggregateReportVerdict(msg) ??
    deliveryVerdict(msg) ??
    forwardedAbuseVerdict(msg) ??
    receiptVerdict(msg)
  );
}

function outOfOffice(msg: InboundMessage, own: string, automatic: boolean, now: Date): RuleVerdict | undefined {
  const returnDate = findReturnDate(own || msg.text, now);
  const awaySubject =
    OOO_SUBJECT.test(msg.subject) ||
    (AUTO_REPLY_SUBJECT.test(msg.subject) && returnDate !== undefined && AWAY_WORDS.test(own));
  if (!awaySubject && !OOO_BODY.test(own)) return undefined;
  if (!automatic && classifyHumanByRules(own).classification !== 'neutral') return undefined;
  // A person may mention being away; an absence notice titles itself so, or states when its author is back.
  if (
    !automatic &&
    !OOO_BODY.test(own) &&
    !/automatic|auto|automatisch|automatique|automática|automatica/i.test(msg.subject) &&
    !(OOO_SUBJECT.test(msg.subject) && returnDate !== undefined)
  )
    return undefined;
  return { classification: 'out_of_office', reason: 'out of office', returnDate };
}

/**
 * Rules that settle a message without a model: machine reports (complaints, DMARC reports, bounces, delays, delivery
 * notices, read receipts), leavers, out-of-office (with the return date), challenge-response, other automatic and
 * list mail, unsubscribe requests. Undefined means "a person wrote this; judge its intent".
 */
export function classifyByRules(msg: InboundMessage, now: Date): RuleVerdict | undefined {
  const machine = machineVerdict(msg);
  if (machine) return machine;
  if (isListUnsubscribeRequest(msg))
    return { classification: 'unsubscribe', reason: 'unsubscribe request (List-Unsubscribe mailto)', viaLink: true };
  const own = ownText(msg.text).text;
  const automatic = isAutomatic(msg);
  if (LEFT_COMPANY.test(own) || (automatic && LEFT_COMPANY.test(msg.text)))
    return { classification: 'left_company', reason: 'says the contact is no longer with the company' };
  const ooo = outOfOffice(msg, own, automatic, now);
  if (ooo) return ooo;
  // iTIP replies (RFC 5546): a calendar client answering an invitation, whatever its text says.
  if (msg.calendarMethod === 'REPLY') return { classification: 'auto_reply', reason: 'calendar reply' };
  if (isChallenge(msg)) return { classification: 'auto_reply', reason: 'challenge-response (sender verification)' };
  if (automatic) return { classification: 'auto_reply', reason: 'automatic reply (headers)' };
  if (isListMail(msg)) return { classification: 'auto_reply', reason: 'list or bulk mail' };
  if (fromUnattendedMailbox(msg)) return { classification: 'auto_reply', reason: 'sent from an unattended mailbox' };
  if (isAcknowledgement(own, msg.text))
    return { classification: 'auto_reply', reason: 'automatic acknowledgement (text)' };
  if (/^(automatic reply|auto[- ]?reply|autoreply|automated response|auto-?response)\b/i.test(msg.subject))
    return { classification: 'auto_reply', reason: 'automatic reply (subject)' };
  if (
    UNSUBSCRIBE.test(own) ||
    /^\s*(unsubscribe|stop|remove)\s*[.!]*\s*$/i.test(own) ||
    /^\s*unsubscribe\b/i.test(msg.subject)
  )
    return { classification: 'unsubscribe', reason: 'asks not to be contacted' };
  return undefined;
}
