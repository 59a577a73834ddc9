/** Loading and error states, the same on every page, in the user's language. */
import { Alert, Button, Spin } from 'antd';
import { useNavigate } from 'react-router';
import { ApiError } from '../api.ts';
import { type I18n, useI18n } from '../i18n/index.ts';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" aria-live="polite">
      <Spin /> <span>{t('app.loading')}</span>
    </div>
  );
}

/** An error in the user's language: the API's own message when it sent one. */
export function errorMessage(error: unknown, t: I18n['t'], lang: 'zh' | 'en'): string {
  if (error instanceof ApiError) {
    if (error.status === 0 && error.code === 'NETWORK') return t('error.network');
    if (error.text) return error.text[lang] || error.text.zh;
    if (error.status === 401) return t('common.signInNeeded');
    if (error.status === 403) return t('common.forbidden');
    return t('error.unknown', { status: error.status });
  }
  return t('error.unknown', { status: '—' });
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const signIn = error instanceof ApiError && error.status === 401;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      className="error-box"
      title={errorMessage(error, t, lang)}
      action={
        signIn ? (
          <Button
            size="small"
            data-testid="sign-in-again"
            onClick={() => navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`)}
          >
            {t('nav.login')}
          </Button>
        ) : onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
