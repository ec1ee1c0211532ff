import { mount } from 'svelte';
import App from './App.svelte';
import { getApi } from './lib/api.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const api = getApi();
if (!api) {
  // Opened outside the app (the preload did not run): nothing here could work.
  target.textContent = 'Agent Doctor could not connect to its engine. Quit and reopen Agent Doctor.';
}
export default api ? mount(App, { target, props: { api } }) : null;
