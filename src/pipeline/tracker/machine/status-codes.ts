/**
 * Status codes in delivery reports: RFC 3463 enhanced codes (class.subject.detail) and RFC 5321 reply codes, and
 * what a failure means for the address (RFC 3463 subjects: x.1 addressing, x.2 mailbox, x.4 routing, x.7 policy).
 */

/** The first enhanced status code in a text, failures (5, 4) before success (2). */
export function enhancedStatus(text: string): string | undefined {
  const codes = [...text.matchAll(/(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g)].map((m) => m[0]);
  return codes.find((c) => c.startsWith('5')) ?? codes.find((c) => c.startsWith('4')) ?? codes[0];
}

/** The first SMTP reply code given as a failure (4xx/5xx) next to SMTP wording, or at the start of a reply line. */
function smtpReplyCode(text: string): string | undefined {
  return (
    /(?:^|[\s:;(#])([45][0-5]\d)(?:[\s-](?=\S)|$)(?=[^\n]{0,160}(?:\d\.\d|user|mailbox|recipient|address|rejected|denied|unknown|exist|unavailable|not|refused|blocked|quota|full|policy))/im.exec(
      text,
    )?.[1] ?? /\b(?:smtp|said|error|reply|response)\b[^\n]{0,40}?\b([45][0-5]\d)\b/i.exec(text)?.[1]
  );
}

export const ADDRESS_GONE =
  /\b(user unknown|unknown (user|recipient|address|mailbox|alias)|no such (user|mailbox|recipient|address|account|person)|(does ?n[o']t|do not) have an? (\S+ )?account|no account|(user|account) (not found|unknown)|does ?n[o']t exist|not exists?|invalid (recipient|mailbox|address|user)|recipient (address )?(rejected|not found|unknown|invalid)|mailbox (unavailable|not found|does not exist|disabled|is disabled|inactive)|address (rejected|not found|unknown|invalid|does not exist)|not listed in|no mailbox here|account (has been |is )?(disabled|deactivated|closed|suspended|inactive|terminated|expired)|unrouteable address|(domain|host)( name)? (not found|does not exist|unknown)|no mx record|not our customer|resolver\.adr\.\w*notfound|recipientnotfound|address couldn'?t be found|couldn'?t be found|wasn'?t found|existiert nicht|unbekannt|inconnu|n'existe pas|no existe|inesistente|onbekend|finns inte)\b/i;
const POLICY =
  /\b(spam|blocked|block ?list|blacklist|denylist|policy|reputation|rate limit|too many|spf|dkim|dmarc|authenticat\w*|content (filter|policy|rejected)|virus|malware|not authorized|relay(ing)? denied|over quota|quota|mailbox (is )?full|storage|message size|exceeds|too large|greylist\w*|try again later)\b/i;

/**
 * Whether a failed delivery means the address itself is gone (a hard bounce: suppress it) rather than this
 * message failing (a soft bounce: mailbox full, policy or spam block, a server given up on after retries).
 */
export function isHardFailure(status: string | undefined, diagnostic: string): boolean {
  const gone = ADDRESS_GONE.test(diagnostic) && !POLICY.test(diagnostic);
  if (status) {
    const [klass, subject, detail] = status.split('.').map(Number);
    if (klass !== 5) return false;
    if (subject === 1) return detail !== 7 && detail !== 8;
    if (subject === 7) return false;
    if (subject === 2 && detail === 1) return true;
    if (subject === 4 && (detail === 1 || detail === 4)) return !POLICY.test(diagnostic);
    if (detail !== 0) return gone;
  }
  if (gone) return true;
  const code = smtpReplyCode(diagnostic);
  return (code === '550' || code === '551' || code === '553') && !POLICY.test(diagnostic);
}
