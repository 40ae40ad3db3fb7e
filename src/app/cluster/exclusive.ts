import type { LeaseHolder } from '../../pipeline/cluster/ports.js';

const chains = new WeakMap<LeaseHolder, Map<string, Promise<unknown>>>();

export type Exclusive<T> = { ran: true; value: T } | { ran: false; holder: 'another instance' };

/**
 * Runs `fn` holding lease `name`: one at a time within this process (callers queue), and never while another live
 * instance holds it (then `fn` does not run). The lease is renewed by the instance's heartbeat and given up after.
 */
export async function exclusively<T>(holder: LeaseHolder, name: string, fn: () => Promise<T>): Promise<Exclusive<T>> {
  const mine = chains.get(holder) ?? new Map<string, Promise<unknown>>();
  chains.set(holder, mine);
  const previous = mine.get(name) ?? Promise.resolve();
  const turn = previous.then(async (): Promise<Exclusive<T>> => {
    if (!(await holder.acquire(name))) return { ran: false, holder: 'another instance' };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await holder.release(name);
    }
  });
  const settled = turn.catch(() => undefined);
  mine.set(name, settled);
  void settled.then(() => {
    if (mine.get(name) === settled) mine.delete(name);
  });
  return turn;
}
