import type { MembershipPort } from '../../app/policy.js';
import type { Logger } from '../../logger.js';

/** The two Web API calls membership needs (a Bolt/WebClient client has both). */
export interface SlackDirectoryClient {
  auth: {
    test(): Promise<{ ok?: boolean; team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean }>;
  };
  users: { info(args: { user: string }): Promise<{ ok?: boolean; user?: SlackUser }> };
}

interface SlackUser {
  id?: string;
  team_id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
  enterprise_user?: { enterprise_id?: string };
}

type Verdict = Awaited<ReturnType<MembershipPort['check']>>;

export interface SlackMembership extends MembershipPort {
  /** Connects the Slack client once the bot has started (before that, and in the CLI, nobody is a Slack member). */
  attach(client: SlackDirectoryClient): void;
}

const TTL_MS = 10 * 60_000;
const GUEST = 'Guests (single- and multi-channel) cannot use leadbot here; ask a full member of the workspace.';
const OTHER_TEAM = 'leadbot only takes requests from its own workspace, not from people in shared channels.';

/**
 * Who counts as a member: users.info says the user belongs to the team `auth.test` reports (for Enterprise Grid,
 * the enterprise), is not a guest (`is_restricted` / `is_ultra_restricted`), not a bot and not deactivated.
 * Answers are cached for ten minutes per user; a failed lookup refuses (and is not cached).
 */
export function createSlackMembership(logger: Logger, now: () => number = Date.now): SlackMembership {
  let client: SlackDirectoryClient | undefined;
  let home: Promise<{ teamId?: string; enterpriseId?: string }> | undefined;
  const cache = new Map<string, { verdict: Verdict; at: number }>();

  const team = () => {
    home ??= client!.auth.test().then(
      (r) => ({ teamId: r.team_id, enterpriseId: r.enterprise_id }),
      (err) => {
        home = undefined;
        throw err;
      },
    );
    return home;
  };

  const judge = async (userId: string): Promise<Verdict> => {
    const [{ teamId, enterpriseId }, info] = await Promise.all([team(), client!.users.info({ user: userId })]);
    const user = info.user;
    if (!user || user.deleted) return { member: false, reason: 'That Slack user is not in this workspace.' };
    if (user.is_bot) return { member: false, reason: 'Bots cannot make decisions in leadbot.' };
    if (user.is_restricted || user.is_ultra_restricted) return { member: false, reason: GUEST };
    const sameTeam = Boolean(teamId) && user.team_id === teamId;
    const sameEnterprise = Boolean(enterpriseId) && user.enterprise_user?.enterprise_id === enterpriseId;
    if (user.is_stranger || !(sameTeam || sameEnterprise)) return { member: false, reason: OTHER_TEAM };
    return { member: true };
  };

  return {
    attach(next) {
      client = next;
      home = undefined;
      cache.clear();
    },
    async check(userId) {
      if (!client) return { member: false, reason: 'Slack is not connected, so who you are cannot be checked.' };
      const hit = cache.get(userId);
      if (hit && now() - hit.at < TTL_MS) return hit.verdict;
      try {
        const verdict = await judge(userId);
        cache.set(userId, { verdict, at: now() });
        return verdict;
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        if (code === 'user_not_found') {
          const verdict: Verdict = { member: false, reason: 'That Slack user is not in this workspace.' };
          cache.set(userId, { verdict, at: now() });
          return verdict;
        }
        logger.warn({ err, userId }, 'could not look up a Slack user; refusing until Slack answers');
        return { member: false, reason: 'Slack did not say who you are just now (users.info failed); try again.' };
      }
    },
  };
}
