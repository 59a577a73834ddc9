/**
 * Signed checkpoints of the audit chain's head. The hash chain alone shows an edit in the middle,
 * but not the newest entries deleted (the shorter chain is still a chain) nor every hash recomputed
 * after a forged entry. A checkpoint — (seq, hash) of the head at a moment, signed with the server's
 * Ed25519 key (Node's built-in crypto) — is kept outside audit_log: in the audit_checkpoints table
 * and appended to a file (JSON lines) that the operator copies away daily. `verifyChain` then checks
 * that every checkpoint's signature holds and that the chain still has that hash at that seq.
 *
 * `writeCheckpoint(deps)` is the one function to call on a schedule: the server calls it at start-up,
 * at shutdown, every N entries and every few minutes; `ceyuan audit checkpoint` calls it on demand;
 * a job queue can call it the same way.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { AuditRepository } from '../../storage/repositories/audit.ts';
import type { Db, Executor } from '../../storage/schema.ts';
import type { Clock } from '../clock.ts';
import { canonicalJson } from './canonical.ts';

export interface Checkpoint {
  seq: number;
  hash: string;
  /** ISO instant the checkpoint was taken. */
  at: string;
  /** First 16 hex digits of SHA-256 over the public key (SPKI DER). */
  keyId: string;
  /** Ed25519 signature (base64) of checkpointPayload(). */
  signature: string;
}

export interface SigningKey {
  keyId: string;
  publicKey: KeyObject;
  /** Absent for a verify-only key (an auditor holding the public key). */
  privateKey?: KeyObject;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function keyFrom(keys: { publicKey: KeyObject; privateKey?: KeyObject }): SigningKey {
  return { keyId: keyIdOf(keys.publicKey), ...keys };
}

/** A new Ed25519 key pair in memory (tests; `loadOrCreateKey` for servers). */
export function generateSigningKey(): SigningKey {
  return keyFrom(generateKeyPairSync('ed25519'));
}

export const KEY_FILE = 'audit-signing-key.pem';
export const PUBLIC_KEY_FILE = 'audit-signing-key.pub.pem';
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

/**
 * The server's key from `dir` (created there on first use, private key mode 0600, public key beside
 * it). The operator backs up the private key and gives the public key to auditors.
 *
 * Servers started together on one data folder race here. Each file is written whole aside and then
 * put in place in one step, so a reader never sees half a file: the private key is linked (fails if
 * another server's key is already there; the first one linked is kept), the public key is derived from
 * the kept private key and renamed into place by whoever finds it missing (same bytes from every
 * server, and a server that died between the two files leaves no key without its public half).
 */
export function loadOrCreateKey(dir: string): SigningKey {
  const keyPath = join(dir, KEY_FILE);
  if (!existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    try {
      writeAside(keyPath, pem, 0o600, (tmp) => linkSync(tmp, keyPath));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const privateKey = createPrivateKey(readFileSync(keyPath));
  const publicKey = createPublicKey(privateKey);
  const pubPath = join(dir, PUBLIC_KEY_FILE);
  if (!existsSync(pubPath))
    writeAside(pubPath, publicKey.export({ type: 'spki', format: 'pem' }), 0o644, (tmp) =>
      renameSync(tmp, pubPath),
    );
  return keyFrom({ privateKey, publicKey });
}

/** Writes `data` to a temporary file beside `path`, calls `place` with it, and never leaves it behind. */
function writeAside(path: string, data: string | Buffer, mode: number, place: (tmp: string) => void): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, data, { mode });
    chmodSync(tmp, mode); // writeFileSync's mode is filtered by the umask
    place(tmp);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A verify-only key from a PEM file (private or public). */
export function readPublicKey(path: string): SigningKey {
  return keyFrom({ publicKey: createPublicKey(readFileSync(path)) });
}

/** The signed bytes: RFC 8785 JSON of the checkpoint without its signature. */
export function checkpointPayload(c: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(canonicalJson({ v: 1, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId }), 'utf8');
}

export function signatureHolds(c: Checkpoint, key: SigningKey): boolean {
  try {
    return verify(null, checkpointPayload(c), key.publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Checkpoints from a JSON-lines file (the server's, or a copy the operator exported). */
export function readCheckpointFile(path: string): Checkpoint[] {
  if (!existsSync(path)) return [];
  const out: Checkpoint[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as Partial<Checkpoint>;
    if (
      typeof c.seq === 'number' &&
      typeof c.hash === 'string' &&
      typeof c.at === 'string' &&
      typeof c.keyId === 'string' &&
      typeof c.signature === 'string'
    )
      out.push(c as Checkpoint);
  }
  return out;
}

export async function storedCheckpoints(db: Executor): Promise<Checkpoint[]> {
  const rows = await db
    .selectFrom('audit_checkpoints')
    .selectAll()
    .orderBy('seq')
    .orderBy('key_id')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    hash: r.hash,
    at: r.at.toISOString(),
    keyId: r.key_id,
    signature: r.signature,
  }));
}

export interface CheckpointDeps {
  db: Db;
  clock: Clock;
  key: SigningKey;
  /** JSON-lines file each checkpoint is appended to as well (outside the database). */
  file?: string;
}

/**
 * Signs and stores a checkpoint of the current head. Nothing happens (null) when the chain is empty
 * or this key has already checkpointed this head.
 */
export async function writeCheckpoint(deps: CheckpointDeps): Promise<Checkpoint | null> {
  const { db, clock, key, file } = deps;
  if (!key.privateKey) throw new Error('writeCheckpoint needs the private signing key');
  const head = await new AuditRepository(db).head();
  if (!head) return null;
  const latest = await db
    .selectFrom('audit_checkpoints')
    .select('seq')
    .where('key_id', '=', key.keyId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest && latest.seq >= head.seq) return null;
  const unsigned = { seq: head.seq, hash: head.hash, at: clock.now().toISOString(), keyId: key.keyId };
  const checkpoint: Checkpoint = {
    ...unsigned,
    signature: sign(null, checkpointPayload(unsigned), key.privateKey).toString('base64'),
  };
  const inserted = await db
    .insertInto('audit_checkpoints')
    .values({
      key_id: checkpoint.keyId,
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      at: checkpoint.at,
      signature: checkpoint.signature,
    })
    .onConflict((oc) => oc.columns(['key_id', 'seq']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return null;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(checkpoint)}\n`);
  }
  return checkpoint;
}

/**
 * Inside the server: a checkpoint after every `everyEntries` new audit entries (checked when the
 * trail grows) and every `everyMs`, plus one at start and one at stop.
 */
export function checkpointSchedule(
  deps: CheckpointDeps & { everyEntries?: number; everyMs?: number; onError?: (e: unknown) => void },
) {
  const everyEntries = deps.everyEntries ?? 1000;
  const everyMs = deps.everyMs ?? 5 * 60_000;
  let pending = 0;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    pending = 0;
    running = running.then(() => writeCheckpoint(deps)).catch((e: unknown) => deps.onError?.(e));
    return running;
  };
  return {
    async start() {
      await run();
      timer = setInterval(() => void run(), everyMs);
      timer.unref();
    },
    /** Tell the schedule that `n` entries were appended. */
    appended(n = 1) {
      pending += n;
      if (pending >= everyEntries) void run();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await run();
    },
  };
}
