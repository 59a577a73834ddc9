/**
 * Attachments, the platform's one file store (src/service/attachments): upload one file to a subject
 * (multipart/form-data, field `file`), list a subject's files, open one for preview or download, remove
 * one. Who may do what is the subject type's policy; what the caller may not see is 404.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { databaseBlobs, directoryBlobs } from '../../service/attachments/blob-store.ts';
import type { AttachmentView } from '../../service/attachments/service.ts';
import { createAttachmentService } from '../../service/attachments/service.ts';
import { challengeAttachmentSubjects } from '../../service/challenges/attachment-subjects.ts';
import type { ApiContext } from '../context.ts';

const subjectQuery = z.object({
  subjectType: z
    .string()
    .regex(/^[a-z][a-z_]{1,39}$/)
    .describe(
      'what the files belong to: application, challenge_bid (`<problemId>:<organisationId>`), challenge_milestone (`<projectId>:<seq>`)',
    ),
  subjectId: z.string().min(1).max(100),
});

export const attachmentViewSchema = z.object({
  id: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  material: z.string().nullable().describe('the 办事指南 material this file answers'),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  preview: z.boolean(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

const idParams = z.object({ id: z.string().min(1).max(100) });

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Chinese file names survive). */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The one attachment store, with every area's subjects (also used by routes that serve a file). */
export function attachmentStore(ctx: ApiContext) {
  return createAttachmentService({
    db: ctx.db,
    clock: ctx.clock,
    ids: randomIds,
    audit: ctx.audit,
    subjects: challengeAttachmentSubjects(ctx.clock),
    blobs: ctx.config.attachmentsDir ? directoryBlobs(ctx.config.attachmentsDir) : databaseBlobs,
    ...(ctx.config.attachmentMaxBytes ? { limits: { maxBytes: ctx.config.attachmentMaxBytes } } : {}),
  });
}

/** Sends a stored file: a download, or (`inline`, PDFs and images) a preview under a policy of its own. */
export function sendFile(
  reply: FastifyReply,
  attachment: AttachmentView,
  bytes: Uint8Array,
  wantInline: boolean,
): FastifyReply {
  const inline = wantInline && attachment.preview;
  if (inline) {
    // Shown by the browser itself (its PDF viewer, an image): the file gets a policy of its own
    // that lets the viewer run and nothing else (the platform's CSP forbids plugins).
    reply.header(
      'content-security-policy',
      "default-src 'none'; object-src 'self'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    );
  }
  return reply
    .header('content-type', attachment.mediaType)
    .header('content-length', String(bytes.byteLength))
    .header('content-disposition', disposition(inline ? 'inline' : 'attachment', attachment.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('x-checksum-sha256', attachment.sha256)
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export async function attachmentRoutes(root: FastifyInstance, ctx: ApiContext): Promise<void> {
  const service = attachmentStore(ctx);
  const { maxBytes } = service.limits;
  // Only this scope parses multipart bodies: one file and a few fields, never more than the limit (+1
  // byte, so an oversize file is told apart from one exactly at the limit).
  await root.register(fastifyMultipart, {
    limits: { fileSize: maxBytes + 1, files: 1, fields: 4, parts: 5, fieldSize: 200 },
    throwFileSizeLimit: false,
  });
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['attachments'];

  app.get(
    '/api/attachments',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '附件列表 The files of one subject (e.g. an application)',
        querystring: subjectQuery,
        response: { 200: z.object({ items: z.array(attachmentViewSchema), maxBytes: z.number().int() }) },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const items = await service.list(user, request.query.subjectType, request.query.subjectId);
      return { items, maxBytes };
    },
  );

  app.post(
    '/api/attachments',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '上传附件 Upload one file (multipart/form-data: `file`) to a subject',
        description:
          `PDF, PNG, JPEG, DOCX, XLSX or OFD, recognised by content; at most ${Math.floor(maxBytes / 1048576)} MB. ` +
          'The SHA-256 of the bytes is recorded with the file and in the audit trail. `material` names the ' +
          '办事指南 checklist item the file answers.',
        consumes: ['multipart/form-data'],
        querystring: subjectQuery.extend({ material: z.string().min(3).max(100).optional() }),
        response: { 201: attachmentViewSchema },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      if (!request.isMultipart()) {
        throw new InputError([
          {
            path: 'file',
            rule: 'multipart',
            zh: '请以 multipart/form-data 上传文件',
            en: 'send the file as multipart/form-data',
          },
        ]);
      }
      const file = await request.file();
      if (!file)
        throw new InputError([{ path: 'file', rule: 'required', zh: '请选择文件', en: 'choose a file' }]);
      const bytes = await file.toBuffer();
      const created = await service.upload(user, {
        subjectType: request.query.subjectType,
        subjectId: request.query.subjectId,
        material: request.query.material ?? null,
        name: file.filename,
        bytes,
        truncated: file.file.truncated,
      });
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '打开附件 The file itself: ?inline=1 to preview (PDF, images), else a download',
        params: idParams,
        querystring: z.object({ inline: z.enum(['0', '1']).optional() }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const { attachment, bytes } = await service.open(user, request.params.id);
      return sendFile(reply, attachment, bytes, request.query.inline === '1');
    },
  );

  app.delete(
    '/api/attachments/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '删除附件 Remove a file (its organisation, while the subject may still change)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      await service.remove(user, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
