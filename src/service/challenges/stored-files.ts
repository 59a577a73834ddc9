/**
 * Files a 揭榜挂帅 record names by SHA-256 must be in its folder of the shared attachment store
 * (attachment-subjects.ts): a bid names its bidder's `challenge_bid` folder, a milestone's evidence its
 * `challenge_milestone` folder. The hash is what the record keeps, so a hash the store does not hold in
 * that folder would be a claim nobody can open: refused with the field and the rule (400 `not_uploaded`),
 * before anything is written. What is recorded is the store's name and size, not the caller's.
 */
import type { Text } from '../../core/text.ts';
import { listAttachments } from '../../storage/repositories/attachments.ts';
import type { Executor } from '../../storage/schema.ts';
import { inputError } from './context.ts';

export interface NamedFile {
  name: string;
  sha256: string;
  size: number;
}

export interface FileFolder {
  subjectType: 'challenge_bid' | 'challenge_milestone';
  subjectId: string;
  /** The request field that names the files (`attachments`, `evidence`): issues say `<field>.<i>`. */
  field: string;
  /** The folder as the error names it, e.g. 本单位的揭榜材料 / your bid's files. */
  label: Text;
}

export async function storedFiles(
  db: Executor,
  folder: FileFolder,
  named: NamedFile[],
): Promise<NamedFile[]> {
  const held = await listAttachments(db, folder.subjectType, folder.subjectId);
  const out: NamedFile[] = [];
  for (const [i, a] of named.entries()) {
    const file = held.find((f) => f.sha256 === a.sha256);
    if (!file)
      throw inputError(
        `${folder.field}.${i}`,
        'not_uploaded',
        `附件“${a.name}”尚未上传到${folder.label.zh}（须先上传，再按附件库计算的 SHA-256 引用）`,
        `the file "${a.name}" has not been uploaded to ${folder.label.en} (upload it first, then name it by the SHA-256 the store computed)`,
      );
    if (!out.some((x) => x.sha256 === a.sha256))
      out.push({ name: file.name, sha256: file.sha256, size: Number(file.size) });
  }
  return out;
}
