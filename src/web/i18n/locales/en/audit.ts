/** The `audit` namespace in English; the keys are those of zh/audit.ts (checked by the type). */
import type zh from '../zh/audit.ts';

const en: Record<keyof typeof zh, string> = {
  'audit.title': 'Audit',
  'audit.intro':
    'Every act leaves an entry, chained by SM3 hashes: if any entry is edited, deleted or reordered, verification names the break.',
  'audit.verify': 'Verify the hash chain',
  'audit.verifying': 'Verifying…',
  'audit.chainOk': 'Chain intact: {count} entries, head #{seq}, hash {hash}',
  'audit.chainBroken': 'Chain broken at #{seq} ({reason}): expected {expected}, found {found}',
  'audit.reason.seq_gap': 'gap in the sequence',
  'audit.reason.prev_hash_mismatch': 'previous hash does not match',
  'audit.reason.hash_mismatch': 'entry hash does not match',
  'audit.export': 'Export',
  'audit.exportJsonl': 'Export JSON Lines',
  'audit.exportCsv': 'Export CSV',
  'audit.filterAction': 'Action',
  'audit.filterActor': 'Actor',
  'audit.filterSubject': 'Subject',
  'audit.seq': '#',
  'audit.at': 'Time',
  'audit.actor': 'Actor',
  'audit.action': 'Action',
  'audit.subject': 'Subject',
  'audit.detail': 'Detail',
  'audit.hash': 'Hash',
  'audit.more': 'Load older entries',
  'audit.empty': 'No entries match.',
  'audit.anonymous': 'the public (not signed in)',
  'audit.show': 'Show',
  'audit.showDetail': 'show entry {seq}',
  'audit.reason.truncated': 'newest entries deleted (missing after a signed checkpoint)',
  'audit.reason.checkpoint_mismatch': 'does not match a signed checkpoint (chain rewritten)',
  'audit.reason.checkpoint_forged': 'checkpoint signature does not hold',
  'audit.reason.checkpoint_deleted': 'checkpoint deleted',
};

export default en;
