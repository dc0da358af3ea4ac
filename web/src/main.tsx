import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { LabelsProvider } from './labels.ts';

createRoot(document.getElementById('root')!).render(
  <LabelsProvider>
    <App />
  </LabelsProvider>,
);

/**
 * The service worker (web/public/sw.js) keeps the app shell for a flaky connection. Only in a
 * production build — the dev server's modules change under it — and not in a browser driven by tests
 * (navigator.webdriver), whose pages must see the server's answers, not a kept copy.
 */
if (import.meta.env.PROD && 'serviceWorker' in navigator && !navigator.webdriver) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      /* no service worker: the app works online as before */
    });
  });
}
