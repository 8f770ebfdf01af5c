import { setFlagsFromString } from 'node:v8';

/** Heap growth V8 allows after a full garbage collection, in percent of the data that survived it. */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Lets the heap grow to twice its live data before the next full collection, where V8 allows up
 * to 4 times. Under lists of 10,000 entries that kept 300 to 430 MB of RSS for 50 MB of live data.
 * V8 reads the flag at every collection, so setting it here works; a node argument takes precedence.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((argument) => /^--heap[-_]growing[-_]percent\b/.test(argument))) {
    return false;
  }

  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

  return true;
}
