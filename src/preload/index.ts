// Preload (sandboxed, CommonJS): exposes `window.desk = { invoke, on }` and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

const bridge = createBridge(ipcRenderer);
contextBridge.exposeInMainWorld('desk', { invoke: bridge.invoke, on: bridge.on });
