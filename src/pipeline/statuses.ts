/**
 * Every stored status, defined once: the ports derive their types from these lists and both database schemas
 * (src/db/schema.ts, src/db/pg/schema.ts) take their column enums from them. No imports, so drizzle-kit can load it.
 */

export const RUN_STATUSES = ['queued', 'running', 'awaiting_approval', 'completed', 'failed', 'cancelled'] as const;
export const LEAD_STATUSES = ['new', 'pending', 'approved', 'rejected', 'archived'] as const;
export const CONTACT_STATUSES = ['active', 'left_company', 'bounced', 'suppressed'] as const;
export const DRAFT_STATUSES = ['pending', 'approved', 'sent', 'rejected', 'superseded'] as const;
export const SEQUENCE_STATUSES = ['active', 'paused', 'stopped', 'completed'] as const;
export const SEND_STATUSES = ['scheduled', 'intended', 'sent', 'failed', 'uncertain', 'cancelled', 'skipped'] as const;
/** An outreach event: a send in one of its states, or something received (a reply, a bounce). */
export const OUTREACH_EVENT_STATUSES = [...SEND_STATUSES, 'received'] as const;
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export const LESSON_STATUSES = ['open', 'proposed', 'applied', 'dismissed'] as const;
export const CRM_WRITE_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

/** The lead statuses people list and filter by (new and archived leads are not on anyone's list). */
export const LISTED_LEAD_STATUSES = ['pending', 'approved', 'rejected'] as const;
/** The draft statuses a person may still care about (superseded drafts are history). */
export const LISTED_DRAFT_STATUSES = ['pending', 'approved', 'sent', 'rejected'] as const;
