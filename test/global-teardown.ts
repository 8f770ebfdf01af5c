/** The sandbox DC is left running so the next test run and `npm start` can reuse it. */
export default function globalTeardown(): void {}
