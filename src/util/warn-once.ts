/** Deprecation notices (an old option name, an old placeholder) are shown once per process, on stderr via Node's warnings. */
const shown = new Set<string>();

export function warnOnce(message: string): void {
  if (shown.has(message)) return;
  shown.add(message);
  process.emitWarning(message, { type: 'DeprecationWarning', code: 'TALKLINT_DEPRECATED' });
}
