// Last line of defence: a rendering bug shows a message and a reload button, never a blank page.
import { Component, type ErrorInfo, type ReactNode } from 'react';

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
          <h1>Something went wrong on this page</h1>
          <p>{this.state.error.message || 'An unexpected error stopped the page.'} Reload the page to start again; nothing was sent anywhere.</p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </section>
      </main>
    );
  }
}
