import EmailReplyParser from 'email-reply-parser';
const cases = {
bottom: `On Wed, Nov 25, 2026 at 10:00 AM Ana Ruiz <ana@x.example> wrote:
> Hi Pat, would a call make sense?
> Unsubscribe: https://x.example/u/abc

Yes, send over some times next week.

Pat`,
outlook: `Not for us, thanks.

Pat Example
Director

From: Ana Ruiz <ana@x.example>
Sent: Wednesday, November 25, 2026 10:00 AM
To: Pat <pat@y.example>
Subject: Harbor

Hi Pat... Unsubscribe: https://x.example/u/abc`,
swedish: `Låter bra, ring mig.

Den ons 25 nov. 2026 kl 10:00 skrev Ana Ruiz <ana@x.example>:
> Hej`,
dutch: `Graag, stuur wat tijden.

Op wo 25 nov. 2026 om 10:00 schreef Ana Ruiz <ana@x.example>:
> Hoi`,
sig: `Sounds good.

--
Pat Example | CFO
calendly.com/pat

Sent from my iPhone`,
};
for (const [k, t] of Object.entries(cases)) console.log(k, JSON.stringify(new EmailReplyParser().read(t).getVisibleText()));
