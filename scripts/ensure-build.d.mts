/** Builds the server and the web app when their sources changed since the last build (see ensure-build.mjs). */
export function ensureBuild(options?: { quiet?: boolean }): void;
