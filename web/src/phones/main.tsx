import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from '../AppProviders';
import { PhonesApp } from './PhonesApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders>
      <PhonesApp />
    </AppProviders>
  </StrictMode>,
);
