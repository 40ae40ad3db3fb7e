import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkspaceStore } from '../store/store.js';
import { uiChange } from './snapshot.js';

/** Server-Sent Events: every change the local user can see, as `data: {json}` lines, with a heartbeat. */
export function createEventStream(store: WorkspaceStore, heartbeatMs = 15_000) {
  const clients = new Set<ServerResponse>();
  let seq = 0;
  const unsubscribe = store.subscribe((change) => {
    const data = uiChange(change, store);
    if (!data) return;
    seq += 1;
    const frame = `id: ${seq}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of clients) res.write(frame);
  });
  const timer = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, heartbeatMs);
  timer.unref();
  return {
    open(req: IncomingMessage, res: ServerResponse) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 1000\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    close() {
      unsubscribe();
      clearInterval(timer);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
