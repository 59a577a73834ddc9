/** A page that throws while rendering shows a message instead of a blank screen. */
import { Component, type ReactNode } from 'react';
import { translate } from '../i18n/index.tsx';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
    return (
      <div className="notice notice-error" role="alert">
        <p>{translate(lang, 'app.error')}</p>
        <p className="mono">{this.state.error.message}</p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          {translate(lang, 'app.retry')}
        </button>
      </div>
    );
  }
}
