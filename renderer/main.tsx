import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import './i18n/index.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { startWatchdog } from './app/watchdog.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
startWatchdog();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
