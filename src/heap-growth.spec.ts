import * as v8 from 'node:v8';

import { HEAP_GROWING_PERCENT, limitHeapGrowth } from './heap-growth';

jest.mock('node:v8', () => ({ setFlagsFromString: jest.fn() }));

describe(limitHeapGrowth.name, () => {
  beforeEach(() => jest.mocked(v8.setFlagsFromString).mockClear());

  it('sets the growing percent by default', () => {
    expect(limitHeapGrowth([])).toBe(true);
    expect(v8.setFlagsFromString).toHaveBeenCalledWith(
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    );
  });

  it.each(['--heap-growing-percent=300', '--heap_growing_percent=50'])(
    'keeps %s given to node',
    (argument) => {
      expect(limitHeapGrowth(['--enable-source-maps', argument])).toBe(false);
      expect(v8.setFlagsFromString).not.toHaveBeenCalled();
    },
  );
});
