/** Leaves the sandbox DC running so the next test run and `npm start` can reuse it. */
export default function globalTeardown(): void {}
