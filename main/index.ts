// Electron entry point. Everything happens in main/app/ (the composition root).
import { startApp } from './app/index.ts';

startApp(import.meta.dirname);
