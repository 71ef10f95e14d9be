#!/usr/bin/env node
// Runs the TypeScript CLI in this process with tsx's loader, so `npx qingting …` works from a checkout
// and signals (SIGINT/SIGTERM) reach the app directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
