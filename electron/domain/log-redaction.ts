/**
 * Redaction of log text before it leaves a kiosk (collect_logs, issue 12 item 4), and again at HQ
 * before it is stored. The logger never writes personal data on purpose (core/logger.ts redacts
 * the fields that carry it); this is the line of defence for what slipped into free text: anything
 * that looks like a resident ID number, a phone number, a token or key, or a face descriptor is
 * replaced with a marker naming what it was. It errs on the side of removing: a 64-digit hex hash
 * goes too, since an identity HMAC looks the same.
 */

interface Rule {
  what: string;
  pattern: RegExp;
  /** The replacement; by default `[redacted:<what>]`. Returning null keeps the match. */
  replace?: (match: string, ...groups: string[]) => string | null;
}

/** A boundary for numbers: not inside a longer run of digits or letters. */
const B = '(?<![0-9A-Za-z])';
const E = '(?![0-9A-Za-z])';

const RULES: readonly Rule[] = [
  // PEM keys and certificates, whole.
  { what: 'key', pattern: /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g },
  // JWTs and compact JWS (request tokens, signed commands): base64url JSON header "eyJ…".
  { what: 'token', pattern: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g },
  { what: 'token', pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: (_m, scheme) => `${scheme} [redacted:token]` },
  // "token": "…", password=…, secret: … (JSON and key=value logs).
  {
    what: 'token',
    pattern: /("?(?:token|secret|password|passwd|authorization|apiKey|api_key|privateKey|private_key)"?\s*[:=]\s*)("[^"]*"|[^\s,}]+)/gi,
    replace: (_m, key) => `${key}"[redacted:token]"`,
  },
  // Face descriptors: a list of 16 or more decimals.
  { what: 'vector', pattern: /\[\s*-?\d+(?:\.\d+)?(?:e-?\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?(?:e-?\d+)?){15,}\s*\]/gi },
  // Resident ID numbers: 18 characters (17 digits and a digit or X), with or without spaces, and the old 15 digits.
  { what: 'id', pattern: new RegExp(`${B}\\d{6}[ -]?\\d{8}[ -]?\\d{3}[0-9Xx]${E}`, 'g') },
  { what: 'id', pattern: new RegExp(`${B}\\d{15}${E}`, 'g') },
  // Mainland mobiles, with +86 and spaces or dashes (138 1234 5678), and landlines with an area code (010-12345678).
  { what: 'phone', pattern: new RegExp(`${B}(?:\\+?86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}${E}`, 'g') },
  { what: 'phone', pattern: new RegExp(`${B}(?:\\(0\\d{2,3}\\)|0\\d{2,3})[ -]?\\d{7,8}${E}`, 'g') },
  // Enrolment codes (7KQ2-M8XD-3FPA): they enrol a kiosk.
  { what: 'code', pattern: new RegExp(`${B}[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}${E}`, 'g') },
  // Long hex (keys, HMACs) and long base64/base64url runs that mix cases and digits (keys, tokens).
  { what: 'secret', pattern: new RegExp(`${B}[0-9a-fA-F]{32,}${E}`, 'g') },
  {
    what: 'secret',
    pattern: /(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/-]{32,}={0,2}(?![A-Za-z0-9_+/=-])/g,
    replace: (m) => (/[0-9]/.test(m) && /[a-z]/.test(m) && /[A-Z]/.test(m) && !m.includes('/') ? '[redacted:secret]' : null),
  },
];

export interface Redacted {
  text: string;
  /** How many strings were replaced. */
  redactions: number;
}

export function redactLogText(text: string): Redacted {
  let redactions = 0;
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      const groups = rest.filter((g): g is string => typeof g === 'string');
      const replaced = rule.replace ? rule.replace(match, ...groups) : `[redacted:${rule.what}]`;
      if (replaced === null || replaced === match) return match;
      redactions++;
      return replaced;
    });
  }
  return { text: out, redactions };
}
