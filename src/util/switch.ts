/** On/off settings written as words (LANTERN_SHADOW_AI, LANTERN_SCAN_THREAD, ...). */

/** What a switch's value may be, for messages. */
export const SWITCH_WORDS = 'true/false, yes/no, on/off or 1/0';

/** The value of an on/off word (any case, spaces around ignored); undefined when it is neither. */
export function switchValue(v: string): boolean | undefined {
  const t = v.trim();
  if (/^(1|true|yes|on)$/i.test(t)) return true;
  if (/^(0|false|no|off)$/i.test(t)) return false;
  return undefined;
}
