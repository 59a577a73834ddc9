import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateKey, PUBLIC_KEY_FILE, readPublicKey } from './checkpoints.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ceyuan-key-'));
  dirs.push(d);
  return d;
}

describe('loadOrCreateKey', () => {
  it('creates the key once, keeps it, and leaves no temporary file', () => {
    const dir = join(tempDir(), 'audit');
    const first = loadOrCreateKey(dir);
    const again = loadOrCreateKey(dir);
    expect(again.keyId).toBe(first.keyId);
    expect(readPublicKey(join(dir, PUBLIC_KEY_FILE)).keyId).toBe(first.keyId);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual([KEY_FILE, PUBLIC_KEY_FILE].sort());
  });

  it('writes a missing public key back from the kept private key', () => {
    const dir = tempDir();
    const key = loadOrCreateKey(dir);
    const pub = readFileSync(join(dir, PUBLIC_KEY_FILE), 'utf8');
    rmSync(join(dir, PUBLIC_KEY_FILE));
    expect(loadOrCreateKey(dir).keyId).toBe(key.keyId);
    expect(readFileSync(join(dir, PUBLIC_KEY_FILE), 'utf8')).toBe(pub);
  });

  it('gives every process started together the same whole key', async () => {
    const dir = join(tempDir(), 'shared');
    const script = `import('${join(import.meta.dirname, 'checkpoints.ts')}').then((m) => process.stdout.write(m.loadOrCreateKey(${JSON.stringify(dir)}).keyId))`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (b) => {
          out += b;
        });
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const ids = await Promise.all([run(), run(), run(), run()]);
    expect(new Set(ids).size).toBe(1);
    expect(readPublicKey(join(dir, PUBLIC_KEY_FILE)).keyId).toBe(ids[0]);
    expect(readdirSync(dir).sort()).toEqual([KEY_FILE, PUBLIC_KEY_FILE].sort());
  }, 30_000);
});
