import { DirectorySettings } from './directory-settings';

/**
 * A value read from the directory once and kept until the directory settings change, for facts
 * that do not change while the API runs (the RootDSE, the domain's well-known objects). A failed
 * read is not kept, so the next caller tries again.
 */
export class SettingsScopedCache<T> {
  private cached?: Promise<T>;
  private readonly unsubscribe: () => void;

  constructor(
    settings: DirectorySettings,
    private readonly load: () => Promise<T>,
  ) {
    this.unsubscribe = settings.onChange(() => {
      this.cached = undefined;
    });
  }

  get(): Promise<T> {
    if (this.cached === undefined) {
      const pending = this.load();
      this.cached = pending;
      pending.catch(() => {
        if (this.cached === pending) {
          this.cached = undefined;
        }
      });
    }

    return this.cached;
  }

  /** Stops following the settings; call it when the owner is destroyed. */
  close(): void {
    this.unsubscribe();
  }
}
