/**
 * The subject types the attachment store knows. An application's attachments belong to its
 * organisation: its enterprise users add and remove them while the application is a draft or
 * returned for correction (补正); officers and auditors read them; another organisation does not
 * learn they exist. Other areas add their own type (a bid, a milestone's evidence, a listing) with a
 * policy of the same shape, passed to createAttachmentService({ subjects }).
 */
import { findApplication } from '../../storage/repositories/applications.ts';
import { STAFF_ROLES } from '../auth/types.ts';
import type { SubjectPolicy } from './ports.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OFFICERS_AND_AUDITORS: ReadonlySet<string> = new Set(STAFF_ROLES);

export const applicationSubject: SubjectPolicy = {
  async access(db, actor, subjectId) {
    if (!UUID.test(subjectId)) return undefined;
    const app = await findApplication(db, subjectId);
    if (!app) return undefined;
    const own = actor.role === 'enterprise' && actor.organisationId === app.organisation_id;
    if (!own && !OFFICERS_AND_AUDITORS.has(actor.role)) return undefined;
    return {
      organisationId: app.organisation_id,
      canRead: true,
      canWrite: own && (app.state === 'draft' || app.state === 'returned'),
    };
  },
};

export const BUILT_IN_SUBJECTS: Record<string, SubjectPolicy> = { application: applicationSubject };
