/**
 * Zod in the browser without `new Function`: its JIT probes for eval on first use, which the
 * platform's Content-Security-Policy (script-src 'self', no eval) reports as a violation. Imported
 * first by main.tsx, before any schema is used.
 */
import { z } from 'zod';

z.config({ jitless: true });
