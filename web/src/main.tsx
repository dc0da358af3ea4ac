import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { LabelsProvider } from './labels.ts';

createRoot(document.getElementById('root')!).render(
  <LabelsProvider>
    <App />
  </LabelsProvider>,
);
