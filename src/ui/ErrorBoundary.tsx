// Last line of defence: a rendering bug shows a message and a reload button, never a blank page.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../i18n/i18n';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page error', error, info.componentStack);
  }

  render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <main className="app">
        <section className="fatal" role="alert">
          <h1>{t('app.crashTitle')}</h1>
          <p>
            {this.state.error.message || t('app.crashUnknown')} {t('app.crashAfter')}
          </p>
          <button type="button" onClick={() => window.location.reload()}>
            {t('app.reload')}
          </button>
        </section>
      </main>
    );
  }
}
