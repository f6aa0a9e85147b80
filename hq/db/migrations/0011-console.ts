import type { Migration } from '../migration.ts';

/**
 * The HQ console (issue 14): its users (a password hashed with scrypt, a role, the failed sign-ins
 * that lock it), their sessions (only a hash of the cookie's token is stored), and an append-only
 * audit of every change made through the admin API, whoever made it.
 */
export const migration: Migration = {
  version: 11,
  name: 'console',
  sql: `
CREATE TABLE console_users (
  id              uuid PRIMARY KEY,
  username        text NOT NULL UNIQUE,
  display_name    text NOT NULL,
  role            text NOT NULL CHECK (role IN ('it-admin', 'finance-ops', 'viewer')),
  password_hash   text NOT NULL,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until    bigint,
  created_at      bigint NOT NULL,
  disabled_at     bigint
);

CREATE TABLE console_sessions (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES console_users (id),
  csrf_token   text NOT NULL,
  created_at   bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at   bigint NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

CREATE TABLE console_audit (
  id       bigserial PRIMARY KEY,
  at       bigint NOT NULL,
  actor    text NOT NULL,
  role     text NOT NULL,
  method   text NOT NULL,
  route    text NOT NULL,
  params   jsonb NOT NULL,
  status   integer NOT NULL
);
CREATE INDEX console_audit_at ON console_audit (at);
`,
};
