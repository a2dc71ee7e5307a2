// The CSP forbids eval. zod 4 decides per schema, when the schema is created, whether to compile a fast path with
// `new Function` (a probe Chromium reports as a CSP violation on every page load). This module is imported first by
// main.tsx so the setting is in place before any schema (src/shared/contract.ts) exists.
import { z } from 'zod';

z.config({ jitless: true });
