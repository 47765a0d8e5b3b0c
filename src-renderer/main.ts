import './app.css';

import { mount } from 'svelte';

import App from './App.svelte';
import { resolveApi } from './lib/api';
import { WizardState } from './lib/wizard.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { wizard: new WizardState(resolveApi()) } });
