/** 登录: user name and password (the API's login schema); then where the user was heading, or their home page. */
import { Alert, Card, Input } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { loginBody } from '../../../api/schemas.ts';
import { ApiError } from '../../api.ts';
import { applyIssues, FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { PageHeader } from '../../components/page.tsx';
import { errorMessage } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { type Role, useSession } from '../../session.tsx';

/** Where each role starts after signing in. */
export const HOME: Record<Role, string> = {
  enterprise: '/check',
  reviewer: '/review',
  approver: '/review',
  admin: '/review',
  auditor: '/audit',
  broker: '/matching/broker',
  expert: '/challenges/judging',
};

export default function LoginPage() {
  const { t, lang } = useI18n();
  const { login, user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const form = useZodForm(loginBody, { username: '', password: '' });
  const [error, setError] = useState<unknown>(null);

  async function submit(values: { username: string; password: string }) {
    setError(null);
    try {
      const u = await login(values.username.trim(), values.password);
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : HOME[u.role]);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) applyIssues(form, err.issues, lang);
      else setError(err);
    }
  }

  const message =
    error instanceof ApiError && error.status === 401
      ? t('login.failed')
      : error
        ? errorMessage(error, t, lang)
        : null;

  return (
    <div className="login-wrap">
      <Card className="login">
        <PageHeader title={t('login.title')} />
        {user ? (
          <Alert
            type="info"
            title={t('login.signedInAs', {
              name: user.displayName || user.username,
              role: t(`role.${user.role}`),
            })}
          />
        ) : null}
        {message ? <Alert type="error" role="alert" data-testid="login-error" title={message} /> : null}
        <ZodForm form={form} onValid={submit} className="login-form">
          <FormField form={form} name="username" label={t('login.username')} required>
            {(f) => <Input {...f} autoComplete="username" name="username" />}
          </FormField>
          <FormField form={form} name="password" label={t('login.password')} required>
            {(f) => <Input.Password {...f} autoComplete="current-password" name="password" />}
          </FormField>
          <SubmitButton form={form} block busyLabel={t('login.submitting')}>
            {t('login.submit')}
          </SubmitButton>
        </ZodForm>
      </Card>
    </div>
  );
}
