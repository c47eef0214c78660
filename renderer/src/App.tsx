import { TokenDecoder } from './TokenDecoder';

/** The window's frame. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>TokenDock</h1>
      </header>
      <main className="app-main">
        <TokenDecoder />
      </main>
    </div>
  );
}
