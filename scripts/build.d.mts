/** Builds dist/ (renderer, web host, Electron main and preload, HQ); resolves false when it was up to date. */
export function build(options?: { force?: boolean }): Promise<boolean>;
