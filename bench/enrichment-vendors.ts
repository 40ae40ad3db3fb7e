/**
 * Stand-in vendors for bench/enrichment.bench.ts, run in their own process so the arrival times they record are
 * not delayed by the enrichment work in the benchmark's event loop. Each answers as its vendor documents after
 * LATENCY_MS and records when each request arrived (headers received).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const LATENCY_MS = Number(process.env.LATENCY_MS ?? 100);
const arrivals: Record<string, number[]> = {};
/** Milliseconds from the client's send (its x-sent header) to arrival here, over all vendors. */
const transit: number[] = [];

type Answer = (req: { path: string; query: URLSearchParams; body: string }) => unknown;

/** The company number in "benchco17.example": decides which vendor knows the company. */
const n = (text: string) => Number(/(\d+)/.exec(text)?.[1] ?? 0);

/** Hunter knows a third of the companies (half of those unverified, for ZeroBounce); Apollo and Prospeo split the rest. */
const vendors: Record<string, Answer> = {
  hunter: ({ query }) => {
    const domain = query.get('domain')!;
    const emails =
      n(domain) % 3 === 0
        ? [
            {
              value: `dana.whitfield@${domain}`,
              type: 'personal',
              confidence: 90,
              sources: [{ uri: `https://${domain}/team`, still_on_page: true }],
              first_name: 'Dana',
              last_name: 'Whitfield',
              position: 'CFO',
              verification: { status: n(domain) % 2 ? 'valid' : null },
            },
          ]
        : [];
    return { data: { domain, emails }, meta: { results: emails.length } };
  },
  apollo: ({ path, body }) => {
    const json = JSON.parse(body);
    if (path === '/api/v1/people/match')
      return {
        person: {
          id: json.id,
          first_name: 'Sam',
          last_name: 'Ortiz',
          title: 'Owner',
          email: `sam.ortiz@${json.id}`,
          email_status: 'verified',
        },
      };
    const domain: string = json.q_organization_domains_list[0];
    const people =
      n(domain) % 3 === 1
        ? [
            {
              id: domain,
              first_name: 'Sam',
              last_name: 'Ortiz',
              title: 'Owner',
              email: 'email_not_unlocked@domain.com',
              email_status: 'verified',
            },
          ]
        : [];
    return { people, contacts: [], pagination: { total_entries: people.length } };
  },
  prospeo: ({ path, body }) => {
    const json = JSON.parse(body);
    if (path === '/enrich-person')
      return {
        error: false,
        person: { email: { status: 'VERIFIED', revealed: true, email: `lee.park@${json.data.person_id}` } },
      };
    const domain: string = json.filters.company.websites.include[0];
    return {
      error: false,
      results: [{ person: { person_id: domain, full_name: 'Lee Park', current_job_title: 'VP Finance' } }],
    };
  },
  zerobounce: ({ query }) => ({ address: query.get('email'), status: 'valid', sub_status: '' }),
};

function serve(name: string, answer: Answer): Promise<string> {
  arrivals[name] = [];
  const server = createServer((req: IncomingMessage, res) => {
    arrivals[name]!.push(Date.now());
    if (req.headers['x-sent']) transit.push(Date.now() - Number(req.headers['x-sent']));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      setTimeout(() => {
        const body = JSON.stringify(
          answer({ path: url.pathname, query: url.searchParams, body: Buffer.concat(chunks).toString() }),
        );
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      }, LATENCY_MS);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

const urls = Object.fromEntries(
  await Promise.all(Object.entries(vendors).map(async ([k, v]) => [k, await serve(k, v)])),
);
process.on('message', (message: { type: string }) => {
  if (message.type === 'report') process.send!({ type: 'report', arrivals, transit }, () => process.exit(0));
});
process.send!({ type: 'ready', urls });
