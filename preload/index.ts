// Sandboxed preload: exposes the bridge to the popover. Never exposes ipcRenderer itself.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('agentDoctor', Object.freeze({ version: 1 }));
