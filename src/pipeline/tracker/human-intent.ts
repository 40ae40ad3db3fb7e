import { ownText } from './reply-text.js';
import type { ReplyClass } from './verdict.js';

const POSITIVE =
  /\b(yes|yeah|(?<!not )sure|(?<!not |un)interested|sounds (good|great|interesting)|let'?s (talk|chat|do it|set|schedule|connect|find)|happy to (chat|talk|meet|connect|take a look|hop)|would love|love to|i'?d (like|be happy|be glad)|set up a (call|time|meeting)|book (a|some) time|schedule a (call|meeting)|what times?|when (are|is) (you|a good)|my calendar|send (me |over )?(more|details|the|a proposal|info)|call me|give me a call|(can|could|shall|should) we (talk|chat|meet|speak|connect|set up|schedule|hop on)|(this is|that'?s|very|good) timely|good timing|free (on|next|this)|available (on|next|this|tomorrow)|works for (me|us)|go ahead|count (me|us) in|tell me more|forward(ed|ing)? (this|it|you) to|looping in|cc'?(ing|ed)|ja,? gerne|gerne|oui|avec plaisir|volontiers|intéressé|sí,? (claro|me interesa)|me interesa|interesad[oa]|graag|interessant|sim,? (claro)?|interessad[oa]|sì(?!\p{L})|mi interessa\w*|interessat[oa])\b/iu;
const NEGATIVE =
  /\b(not interested|no thanks|thanks,? but no\b|no,? thank you|(not|isn'?t|is not) (a |really a )?(good |great |right )?fit|(not|isn'?t) the right time|we'?re (all )?set|we are (all )?set|already (have|work with|use|using)|not (at this time|right now|now|a priority)|no need|pass on this|we'?ll pass|not for us|please don'?t|not looking|no budget|kein interesse|pas intéressé|no,? gracias|no (me|nos) interesa|geen interesse|não tenho interesse|non (sono|siamo) interessat)/i;

/** Asking to meet, in the author's own text: times, availability, or a scheduling link. */
const MEETING =
  /\b(send (me |us )?(over )?(some |a few |your )?(times|availability|slots|dates)|when (are|would|will) you (be )?(free|available|around)|what (does|is) your (calendar|availability|schedule|week)|what times? (works?|suits?|is good|are good)|(find|grab|book|pick|schedule|set up|put) (a |some )?(time|slot|call|meeting|chat)|(let'?s|can we|could we|shall we|happy to|like to|love to) (meet|hop on|jump on|get on|set up|schedule|find)|free (for a|to) (call|chat|talk)|(are you |i'?m |i am |we'?re )?(available|free) (on|next|this|tomorrow|monday|tuesday|wednesday|thursday|friday|at|later)|how about (monday|tuesday|wednesday|thursday|friday|next week|tomorrow)|does (monday|tuesday|wednesday|thursday|friday|next week|tomorrow)( \w+)? work|(monday|tuesday|wednesday|thursday|friday|next week|tomorrow)[^.?!\n]{0,20} works\b|\d{1,2} ?min(ute)?s?\b.{0,20}\b(call|chat|meeting)|terminvorschl\w+|wann (passt|haben sie zeit)|quand (êtes-vous|seriez-vous) disponible|vos disponibilités|cuándo (tienes|tiene|estás|está) (tiempo|disponible)|quando (sei|è) disponibile|wanneer (heeft u|heb je) tijd|när passar det)/i;
const CALENDAR_LINK =
  /\b(calendly\.com|cal\.com\/|meetings(-[a-z0-9]+)?\.hubspot\.com|calendar\.app\.google|calendar\.google\.com\/calendar\/(u\/\d+\/)?appointments|outlook\.office(365)?\.com\/(owa\/calendar|book)|savvycal\.com|chilipiper\.com|zcal\.co|tidycal\.com|youcanbook\.me|doodle\.com|acuityscheduling\.com|oncehub\.com)/i;

/** Whether the author asks to meet: "send over some times", "when are you free", a calendar link. */
function isMeetingRequest(own: string): boolean {
  return MEETING.test(own) || CALENDAR_LINK.test(own);
}

/** Rule-based intent for a human reply: the fallback when no model is available. A meeting request is positive. */
export function classifyHumanByRules(text: string): { classification: ReplyClass; reason: string } {
  const own = ownText(text);
  const t = own.text;
  if (NEGATIVE.test(t)) return { classification: 'negative', reason: 'declines' };
  if (isMeetingRequest(t)) return { classification: 'positive', reason: 'asks to meet' };
  if (POSITIVE.test(t))
    return { classification: 'positive', reason: own.forwarded ? 'forwarded internally' : 'shows interest' };
  if (/\?/.test(t)) return { classification: 'question', reason: 'asks a question' };
  if (own.forwarded) return { classification: 'neutral', reason: 'forwarded without comment' };
  return { classification: 'neutral', reason: 'no clear intent' };
}
