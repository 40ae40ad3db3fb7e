import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';

type WebClient = webApi.WebClient;

const TTL_MS = 10 * 60_000;
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

/**
 * Whether a channel is the one leadbot watches (LEADS_CHANNEL, given as an id or a name with or without "#"). A
 * name is compared with the channel's name from conversations.info (channels:read / groups:read), cached ten minutes
 * per channel; a failed lookup counts as not watched (and is not cached).
 */
export function createChannelWatch(
  client: Pick<WebClient, 'conversations'>,
  configured: string | undefined,
  logger: Logger,
  now: () => number = Date.now,
): (channelId: string) => Promise<boolean> {
  const wanted = configured?.trim().replace(/^#/, '');
  const names = new Map<string, { name: string | undefined; at: number }>();
  const nameOf = async (channel: string) => {
    const hit = names.get(channel);
    if (hit && now() - hit.at < TTL_MS) return hit.name;
    try {
      const res = await client.conversations.info({ channel });
      const name = res.channel?.name;
      names.set(channel, { name, at: now() });
      return name;
    } catch (err) {
      logger.warn({ err, channel }, 'could not read the channel name; not answering unmentioned messages there');
      return undefined;
    }
  };
  return async (channelId) => {
    if (!wanted) return false;
    if (CHANNEL_ID.test(wanted)) return channelId === wanted;
    return (await nameOf(channelId))?.toLowerCase() === wanted.toLowerCase();
  };
}
