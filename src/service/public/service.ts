/**
 * The public side of the platform: notices (公示) anyone reads, objections anyone files, and the
 * officers' view of those objections (with the objector's contact, which the public never sees).
 */
import { shanghaiDate } from '../../core/dates.ts';
import { listPublicObjections } from '../../storage/repositories/public-notices.ts';
import type { Db } from '../../storage/schema.ts';
import type { AuditPort, Clock, IdSource } from '../applications/ports.ts';
import { fileObjection } from './file-objection.ts';
import { readNotice, readNotices } from './read-notices.ts';

export interface PublicDeps {
  db: Db;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  today(): string;
}

export interface PublicObjectionView {
  id: string;
  applicationId: string;
  title: string;
  measureId: string;
  organisationName: string;
  name: string | null;
  contact: string;
  text: string;
  receivedOn: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
}

export function createPublicService(deps: Omit<PublicDeps, 'today'>) {
  const full: PublicDeps = { ...deps, today: () => shanghaiDate(deps.clock.now()) };
  return {
    notices: (f: { open?: boolean; limit: number; offset: number }) => readNotices(full, f),
    notice: (id: string) => readNotice(full, id),
    object: (id: string, input: Parameters<typeof fileObjection>[2], from: { ip?: string }) =>
      fileObjection(full, id, input, from),
    /** For officers and auditors only (the route checks the role): contacts included. */
    async objections(f: {
      applicationId?: string;
      status?: 'open' | 'upheld' | 'dismissed';
      limit: number;
    }): Promise<PublicObjectionView[]> {
      const rows = await listPublicObjections(full.db, f);
      return rows.map((r) => ({
        id: r.id,
        applicationId: r.application_id,
        title: r.title,
        measureId: r.measure_id,
        organisationName: r.organisation_name,
        name: r.name,
        contact: r.contact,
        text: r.text,
        receivedOn: String(r.received_on),
        status: r.status,
        resolution: r.resolution,
      }));
    },
  };
}
