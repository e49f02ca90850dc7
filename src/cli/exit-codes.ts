/** The CLI's exit codes, in a module of their own so the program (lantern.ts) loads nothing else for them. */
export const EXIT_CLEAN = 0;
/** Findings at or over --fail-on. */
export const EXIT_FINDINGS = 1;
/** Usage or internal error. */
export const EXIT_ERROR = 2;
