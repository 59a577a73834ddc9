/** "申报此项" under a granted measure of a self-check: a draft carrying the matter, the amount and the evaluation. */
import { Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ApplicationView } from '../../../service/applications/views.ts';
import { api } from '../../api.ts';
import { errorMessage } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { GrantView } from '../self-check/result.tsx';

export function ApplyButton({ grant, input, title }: { grant: GrantView; input: unknown; title?: string }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function apply() {
    setBusy(true);
    setError(null);
    try {
      const app = await api<ApplicationView>('POST', '/api/applications/from-self-check', {
        measureId: grant.measureId,
        input,
        ...(grant.matterId ? { matterId: grant.matterId } : {}),
        ...(title ? { title } : {}),
      });
      navigate(`/applications/${app.id}?created=1`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  return (
    <>
      <Button
        type="primary"
        loading={busy}
        onClick={() => void apply()}
        data-testid={`apply-${grant.measureId}`}
      >
        {t('apply.button')}
      </Button>
      {error ? (
        <span className="field-error" role="alert">
          {errorMessage(error, t, lang)}
        </span>
      ) : null}
    </>
  );
}
