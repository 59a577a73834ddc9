/** A page that throws while rendering shows a message instead of a blank screen. */
import { Alert, Button } from 'antd';
import { Component, type ReactNode } from 'react';
import { translate } from '../i18n/index.ts';

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
    return (
      <Alert
        type="error"
        role="alert"
        title={translate('app.error')}
        description={<span className="mono">{this.state.error.message}</span>}
        action={<Button onClick={() => this.setState({ error: null })}>{translate('app.retry')}</Button>}
      />
    );
  }
}
