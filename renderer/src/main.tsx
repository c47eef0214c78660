import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/accounts.css';
import './styles/form.css';
import './styles/dialog.css';
import './styles/decoder.css';
import './styles/views.css';
import './styles/keyboard.css';
import './styles/status.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
