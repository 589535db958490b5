import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/styles.css';
import { App } from './app/app';
import { registerServiceWorker } from './app/register-sw';
import { clearMyDataCache } from './lib/offline-cache';
import { readToken } from './lib/session';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
registerServiceWorker();
// Nobody signed in: no offline copy of anyone's data stays on this machine (a shared computer).
if (!readToken()) void clearMyDataCache();
