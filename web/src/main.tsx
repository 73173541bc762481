import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConfig } from './session';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main className="page">
        <h1>Caption studio</h1>
        <p role="alert">The gateway could not be reached: {error instanceof Error ? error.message : String(error)}</p>
      </main>,
    ),
);
