/** Sign in with user name and password; on success go where the user was heading (or their home page). */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api.ts';
import { errorMessage, issuesByPath, TextField } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';
import { type Role, useSession } from '../session.tsx';

/** Where each role starts after signing in. */
export const HOME: Record<Role, string[]> = {
  enterprise: ['check'],
  reviewer: ['catalogue'],
  approver: ['catalogue'],
  admin: ['catalogue'],
  auditor: ['catalogue'],
};

export function LoginPage({ next }: { next: string | null }) {
  const { t, lang } = useI18n();
  const { login, user } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const u = await login(username.trim(), password);
      navigate(next?.startsWith('#/') ? next : href(HOME[u.role] ?? ['catalogue']));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const issues = error instanceof ApiError ? issuesByPath(error.issues, lang) : {};
  const message =
    error instanceof ApiError && error.status === 401
      ? t('login.failed')
      : error
        ? errorMessage(error, t, lang)
        : null;

  return (
    <div className="login-wrap">
      <form className="card login" onSubmit={submit} noValidate>
        <h1>{t('login.title')}</h1>
        {user ? (
          <p className="notice notice-info">
            {t('login.signedInAs', { name: user.displayName || user.username, role: t(`role.${user.role}`) })}
          </p>
        ) : null}
        {message ? (
          <div className="notice notice-error" role="alert" data-testid="login-error">
            {message}
          </div>
        ) : null}
        <TextField
          label={t('login.username')}
          path="username"
          errors={issues}
          required
          name="username"
          autoComplete="username"
          value={username}
          onChange={setUsername}
        />
        <TextField
          label={t('login.password')}
          path="password"
          errors={issues}
          required
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
