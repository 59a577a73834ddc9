/**
 * Attachments, one store for every area: upload (size and type limits, SHA-256 recorded in the audit
 * trail), list, open for preview or download, remove. Access is the subject's policy (subjects.ts);
 * what the caller may not see is NOT_FOUND, what it may see but not change is FORBIDDEN.
 *
 *   const attachments = createAttachmentService({ db, clock, ids, audit, blobs: databaseBlobs });
 *   await attachments.upload(actor, { subjectType: 'application', subjectId, name, bytes, material });
 */
import { createHash } from 'node:crypto';
import { CeyuanError, InputError } from '../../core/errors.ts';
import {
  type AttachmentRow,
  findAttachment,
  findAttachmentBySha,
  insertAttachment,
  listAttachments,
  markRemoved,
} from '../../storage/repositories/attachments.ts';
import { databaseBlobs } from './blob-store.ts';
import { ACCEPTED_EXTENSIONS, cleanFileName, sniffType, typeOf } from './file-types.ts';
import {
  type Actor,
  type AttachmentDeps,
  type AttachmentLimits,
  DEFAULT_LIMITS,
  type SubjectAccess,
  type SubjectPolicy,
} from './ports.ts';
import { BUILT_IN_SUBJECTS } from './subjects.ts';

export interface AttachmentView {
  id: string;
  subjectType: string;
  subjectId: string;
  /** The 办事指南 material this file answers (a code of the measure's checklist), if any. */
  material: string | null;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Can be shown in the browser (PDF, images) rather than only downloaded. */
  preview: boolean;
  uploadedBy: string;
  uploadedAt: string;
}

export interface UploadInput {
  subjectType: string;
  subjectId: string;
  name: string;
  bytes: Uint8Array;
  material?: string | null;
  /** The upload went over the size limit (the multipart reader stopped): refused with the limit named. */
  truncated?: boolean;
}

function toView(r: AttachmentRow): AttachmentView {
  return {
    id: r.id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    material: r.material,
    name: r.name,
    mediaType: r.media_type,
    size: Number(r.size),
    sha256: r.sha256,
    preview: typeOf(r.media_type)?.preview ?? false,
    uploadedBy: r.uploaded_by,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
  };
}

const notFound = () => new CeyuanError('NOT_FOUND', { zh: '未找到该附件', en: 'no such attachment' });

function mib(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MB`;
}

export function createAttachmentService(deps: AttachmentDeps) {
  const { db, clock, ids, audit, blobs } = deps;
  const limits: AttachmentLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const subjects: Record<string, SubjectPolicy> = { ...BUILT_IN_SUBJECTS, ...deps.subjects };

  async function accessTo(actor: Actor, subjectType: string, subjectId: string): Promise<SubjectAccess> {
    const policy = subjects[subjectType];
    if (!policy) {
      throw new InputError([
        {
          path: 'subjectType',
          rule: 'enum',
          zh: `未知的附件所属类型：${subjectType}`,
          en: `unknown subject type: ${subjectType}`,
        },
      ]);
    }
    const access = await policy.access(db, actor, subjectId);
    if (!access?.canRead) throw new CeyuanError('NOT_FOUND', { zh: '未找到该记录', en: 'no such record' });
    return access;
  }

  async function bytesOf(row: AttachmentRow): Promise<Uint8Array> {
    // Files stored in the database stay readable after the operator moves new ones to a folder.
    const store = row.storage === 'db' ? databaseBlobs : blobs.kind === 'dir' ? blobs : undefined;
    const bytes = await store?.get(db, row.sha256);
    if (!bytes) {
      throw new CeyuanError('NOT_FOUND', {
        zh: '附件文件不在存储中（请联系管理员核对附件存储配置）',
        en: 'the file is missing from the store (ask the operator to check the attachment storage)',
      });
    }
    return bytes;
  }

  function refuse(zh: string, en: string, rule: string): never {
    throw new InputError([{ path: 'file', rule, zh, en }]);
  }

  return {
    limits,
    subjectTypes: () => Object.keys(subjects),

    async list(actor: Actor, subjectType: string, subjectId: string): Promise<AttachmentView[]> {
      await accessTo(actor, subjectType, subjectId);
      return (await listAttachments(db, subjectType, subjectId)).map(toView);
    },

    async upload(actor: Actor, input: UploadInput): Promise<AttachmentView> {
      const access = await accessTo(actor, input.subjectType, input.subjectId);
      if (!access.canWrite) {
        throw new CeyuanError('FORBIDDEN', {
          zh: '当前不能为此记录上传附件（仅申请单位在草稿或退回补正时可以上传）',
          en: 'attachments cannot be added to this record now (only its organisation, while it is a draft or returned)',
        });
      }
      const name = cleanFileName(input.name);
      if (input.truncated || input.bytes.byteLength > limits.maxBytes)
        refuse(
          `文件过大：不能超过 ${mib(limits.maxBytes)}`,
          `file too large: the limit is ${mib(limits.maxBytes)}`,
          'too_big',
        );
      if (input.bytes.byteLength === 0) refuse('文件为空', 'the file is empty', 'empty');
      const type = sniffType(input.bytes, name);
      if (!type)
        refuse(
          `不支持的文件类型：请上传 ${ACCEPTED_EXTENSIONS.join('、')} 文件`,
          `file type not accepted: upload ${ACCEPTED_EXTENSIONS.join(', ')}`,
          'type',
        );
      const material = input.material?.trim() || null;
      if (material && !/^[a-z]:[A-Za-z0-9_.:-]{1,96}$/.test(material))
        throw new InputError([
          { path: 'material', rule: 'format', zh: '材料编号格式不正确', en: 'bad material code' },
        ]);
      const sha256 = createHash('sha256').update(input.bytes).digest('hex');
      const id = ids.next();
      const at = clock.now();
      return db.transaction().execute(async (tx) => {
        const existing = await listAttachments(tx, input.subjectType, input.subjectId);
        if (existing.length >= limits.maxPerSubject)
          refuse(
            `附件过多：每项最多 ${limits.maxPerSubject} 个`,
            `too many attachments: at most ${limits.maxPerSubject}`,
            'too_many',
          );
        await blobs.put(tx, sha256, input.bytes, at);
        const row: AttachmentRow = {
          id,
          organisation_id: access.organisationId,
          subject_type: input.subjectType,
          subject_id: input.subjectId,
          material,
          name,
          media_type: type.mediaType,
          size: input.bytes.byteLength,
          sha256,
          storage: blobs.kind,
          uploaded_by: actor.id,
          uploaded_at: at,
          removed_by: null,
          removed_at: null,
        };
        await insertAttachment(tx, row);
        await audit.append(tx, {
          actor: actor.username,
          action: 'attachment.upload',
          subject: `attachment:${id}`,
          detail: {
            on: `${input.subjectType}:${input.subjectId}`,
            name,
            mediaType: type.mediaType,
            size: input.bytes.byteLength,
            sha256,
            material,
            storage: blobs.kind,
          },
        });
        return toView(row);
      });
    },

    /** The file and its record, for preview or download, if the actor may read its subject. */
    async open(actor: Actor, id: string): Promise<{ attachment: AttachmentView; bytes: Uint8Array }> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
      const row = await findAttachment(db, id);
      if (!row || row.removed_at) throw notFound();
      const policy = subjects[row.subject_type];
      const access = policy ? await policy.access(db, actor, row.subject_id) : undefined;
      if (!access?.canRead) throw notFound();
      return { attachment: toView(row), bytes: await bytesOf(row) };
    },

    /**
     * A file of a subject by its SHA-256, even one removed since (a record that named it by hash, such
     * as a submitted bid version, keeps it readable), if the actor may read the subject.
     */
    async openByHash(
      actor: Actor,
      subjectType: string,
      subjectId: string,
      sha256: string,
    ): Promise<{ attachment: AttachmentView; bytes: Uint8Array }> {
      await accessTo(actor, subjectType, subjectId);
      const row = /^[0-9a-f]{64}$/.test(sha256)
        ? await findAttachmentBySha(db, subjectType, subjectId, sha256)
        : undefined;
      if (!row) throw notFound();
      return { attachment: toView(row), bytes: await bytesOf(row) };
    },

    async remove(actor: Actor, id: string): Promise<void> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
      const row = await findAttachment(db, id);
      if (!row || row.removed_at) throw notFound();
      const access = await subjects[row.subject_type]?.access(db, actor, row.subject_id);
      if (!access?.canRead) throw notFound();
      if (!access.canWrite)
        throw new CeyuanError('FORBIDDEN', {
          zh: '当前不能删除此附件',
          en: 'this attachment cannot be removed now',
        });
      await db.transaction().execute(async (tx) => {
        await markRemoved(tx, id, actor.id, clock.now());
        await audit.append(tx, {
          actor: actor.username,
          action: 'attachment.remove',
          subject: `attachment:${id}`,
          detail: { on: `${row.subject_type}:${row.subject_id}`, name: row.name, sha256: row.sha256 },
        });
      });
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
