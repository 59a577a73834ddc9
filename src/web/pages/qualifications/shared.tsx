/**
 * What the 梯度培育 pages share: the API's answers typed from the service (never copied), the reference
 * data (kinds, levels, ladders, criteria with their basis; GET /api/qualifications/reference), a
 * criterion's distance as the API words it ("R&D 占比 3.1%，需 ≥ 5%"), a holding's state, the export
 * buttons (the existing audited export endpoints) and the link to a firm's file.
 */
import { Button, Space, Tag } from 'antd';
import { Link } from 'react-router';
import type { QualificationService } from '../../../service/qualifications/service.ts';
import { useApi } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { useI18n } from '../../i18n/index.ts';

type Fn = {
  [K in keyof QualificationService]: QualificationService[K] extends (...a: never[]) => unknown ? K : never;
}[keyof QualificationService];
type Answer<K extends Fn> = Awaited<ReturnType<Extract<QualificationService[K], (...a: never[]) => unknown>>>;

export type Reference = Answer<'readReference'>;
export type KindRef = Reference['kinds'][number];
export type Ledger = Answer<'readOrganisationLedger'>;
export type RecordView = Ledger['records'][number];
export type EventView = Ledger['events'][number];
export type Reward = Answer<'readReward'>;
export type Stock = Answer<'readStock'>;
export type Holders = Answer<'readHolders'>;
export type Expiring = Answer<'listExpiring'>;
export type Ladder = Answer<'readLadder'>;
export type Forecast = Answer<'forecastStock'>;
export type PathView = Answer<'readPath'>;
export type Pools = Answer<'readPools'>;
export type Pool = Answer<'readPool'>;
export type Candidates = Answer<'findCandidates'>;
export type Members = Answer<'readMembers'>;
export type Services = Answer<'readServices'>;
export type Officers = Answer<'listOfficers'>;
export type RewardSettings = Answer<'readRewardSettings'>;
export type ParamHistory = Answer<'readParameterHistory'>;
export type Distance = Candidates['items'][number]['distance'][number];
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

export function useQualReference() {
  return useApi<Reference>('/api/qualifications/reference');
}

/** The kinds as choices of a select, labelled in the chosen language. */
export function kindOptions(ref: Reference | null, pick: (t: { zh: string; en: string }) => string) {
  return (ref?.kinds ?? []).map((k) => ({ value: k.code, label: pick(k.label) }));
}

/** Cities and other registry codes, labelled from the catalogue's reference data. */
export function useCityLabel() {
  const { lang } = useI18n();
  const catalogue = useCatalogue();
  const label = makeLabeller(catalogue.data?.reference, lang);
  return (code: string | null | undefined) => label('cities', code);
}

const DISTANCE_COLOUR: Record<string, string> = {
  met: 'success',
  unmet: 'error',
  pending: 'default',
  judgement: 'processing',
  no_data: 'warning',
};

/** Each criterion of the next qualification, as the API words its distance, with its status. */
export function DistanceList({ distance, testId }: { distance: Distance[]; testId?: string }) {
  const { t, pick } = useI18n('qualifications');
  if (distance.length === 0) return <span className="hint">{t('qual.noCriteria')}</span>;
  return (
    <ul className="qual-distance" data-testid={testId}>
      {distance.map((d) => (
        <li key={d.criterion} data-status={d.status}>
          <Tag color={DISTANCE_COLOUR[d.status] ?? 'default'}>{t(`qual.criterion.${d.status}` as never)}</Tag>
          {pick(d.text)}
        </li>
      ))}
    </ul>
  );
}

const STATE_COLOUR: Record<string, string> = {
  valid: 'success',
  not_yet: 'processing',
  expired: 'default',
  revoked: 'error',
  downgraded: 'warning',
  superseded: 'default',
};

export function StateTag({ record }: { record: Pick<RecordView, 'state' | 'stateLabel'> }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATE_COLOUR[record.state] ?? 'default'} data-state={record.state}>
      {pick(record.stateLabel)}
    </Tag>
  );
}

/** .xlsx and CSV of a list through its export endpoint (audited by the server). */
export function ExportButtons({ path, query }: { path: string; query: URLSearchParams }) {
  const { t } = useI18n('qualifications');
  const href = (format: string) => {
    const q = new URLSearchParams(query);
    q.set('format', format);
    return `${path}?${q}`;
  };
  return (
    <Space wrap>
      <Button href={href('xlsx')} download data-testid="export-xlsx">
        {t('qual.exportXlsx')}
      </Button>
      <Button href={href('csv')} download data-testid="export-csv">
        {t('qual.exportCsv')}
      </Button>
    </Space>
  );
}

/** A firm's name linking to its qualification file, with its USCC under it. */
export function FirmLink({ id, name, uscc }: { id: string; name: string; uscc?: string | null }) {
  return (
    <span>
      <Link to={`/qualifications/organisations/${id}`}>{name}</Link>
      {uscc ? (
        <>
          <br />
          <span className="small mono">{uscc}</span>
        </>
      ) : null}
    </span>
  );
}

export const pct = (part: number, whole: number) =>
  whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—';
