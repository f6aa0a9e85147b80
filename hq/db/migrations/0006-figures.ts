import type { Migration } from '../migration.ts';

/**
 * Store figures at HQ (issue 11): the kiosk's definitions (electron/contract/figures.ts) computed
 * per store and store day from what the kiosks pushed, kept in rollups that each push refreshes
 * for the days it touched, so a chain of 1,600 stores reads 90 days of them at once.
 *
 * The rollups' definition lives here, in `hq_refresh_store_days`: ingest calls it in the push's
 * transaction, and this migration calls it once over everything already pushed. A later change
 * of definition is a new migration that replaces the function and refreshes again.
 *
 * Store days are China's (UTC+8, no daylight saving), as the kiosk's `storeDate`.
 */
export const migration: Migration = {
  version: 6,
  name: 'figures',
  sql: `
-- A store's region, for the regional figures (set by store IT: PUT /v1/admin/stores/:id).
ALTER TABLE stores ADD COLUMN region text CHECK (region ~ '^[A-Za-z0-9_-]{1,32}$');

-- What the kiosk now holds as the application's decision (a staff or HQ settlement replaces the
-- model's), and the item that said so: the outcome rates count it as the kiosk does.
ALTER TABLE hq_applications ADD COLUMN outcome text;
ALTER TABLE hq_applications ADD COLUMN outcome_seq bigint NOT NULL DEFAULT 0;
UPDATE hq_applications a SET outcome = latest.outcome, outcome_seq = latest.seq
  FROM (SELECT DISTINCT ON (d.kiosk_id, d.application_id) d.kiosk_id, d.application_id, d.outcome, i.seq
          FROM hq_decisions d JOIN ingested_items i ON i.kiosk_id = d.kiosk_id AND i.item_id = d.item_id
         WHERE d.decided_by = 'kiosk'
         ORDER BY d.kiosk_id, d.application_id, i.seq DESC) latest
 WHERE a.kiosk_id = latest.kiosk_id AND a.application_id = latest.application_id;

-- One store day's rows, found by kiosk and time.
CREATE INDEX hq_sessions_started ON hq_sessions (kiosk_id, started_at);
CREATE INDEX hq_shopper_events_session ON hq_shopper_events (kiosk_id, session_id);
CREATE INDEX hq_applications_applied ON hq_applications (kiosk_id, applied_at);
CREATE INDEX hq_orders_kiosk_placed ON hq_orders (kiosk_id, placed_at);
CREATE INDEX hq_cancellations_at ON hq_cancellations (kiosk_id, at);

CREATE FUNCTION hq_store_day(ms bigint) RETURNS date LANGUAGE sql IMMUTABLE AS
  $$ SELECT date '1970-01-01' + ((ms + 28800000) / 86400000)::integer $$;
CREATE FUNCTION hq_day_start(day date) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  $$ SELECT (day - date '1970-01-01')::bigint * 86400000 - 28800000 $$;

CREATE TABLE hq_store_days (
  store_id        text NOT NULL REFERENCES stores (id),
  day             date NOT NULL,
  visits          integer NOT NULL,
  engaged         integer NOT NULL,
  offers_viewed   integer NOT NULL,
  applications    integer NOT NULL,
  approved        integer NOT NULL,
  counter_offers  integer NOT NULL,
  referred        integer NOT NULL,
  declined        integer NOT NULL,
  pending         integer NOT NULL,
  assisted        integer NOT NULL,
  orders          integer NOT NULL,
  financed_orders integer NOT NULL,
  sales_fen       bigint NOT NULL,
  financed_fen    bigint NOT NULL,
  -- Cooling-off cancellations made that day, and the amounts financed they undid.
  cancellations   integer NOT NULL,
  cancelled_fen   bigint NOT NULL,
  -- When the row was last computed (the database's clock): a region's or the chain's day older than
  -- one of its stores' rows is computed again when read.
  updated_at      bigint NOT NULL,
  PRIMARY KEY (store_id, day)
);
CREATE INDEX hq_store_days_day ON hq_store_days (day, updated_at);

-- Each category's share of the day's sales: an order's total shared over its lines by their list
-- amounts (so promotions do not inflate a category), unrounded until summed over a range.
CREATE TABLE hq_store_day_categories (
  store_id     text NOT NULL REFERENCES stores (id),
  day          date NOT NULL,
  category_id  text NOT NULL,
  sales_fen    double precision NOT NULL,
  financed_fen double precision NOT NULL,
  PRIMARY KEY (store_id, day, category_id)
);
CREATE INDEX hq_store_day_categories_day ON hq_store_day_categories (day);

-- Each sales representative's assisted applications by the day they were made, as decided now.
CREATE TABLE hq_rep_days (
  store_id     text NOT NULL REFERENCES stores (id),
  day          date NOT NULL,
  staff_id     text NOT NULL,
  applications integer NOT NULL,
  approved     integer NOT NULL,
  referred     integer NOT NULL,
  declined     integer NOT NULL,
  id_not_seen  integer NOT NULL,
  cancelled    integer NOT NULL,
  PRIMARY KEY (store_id, day, staff_id)
);
CREATE INDEX hq_rep_days_day ON hq_rep_days (day);

-- A region's (scope 'region:<name>') or the chain's (scope 'chain') days: the sums of their stores'
-- rows, computed when read and kept until a store row of that day is newer (hq/figures/figures.ts),
-- so a chain-wide answer reads a row a day, and a push never waits on another store's.
CREATE TABLE hq_scope_days (
  scope           text NOT NULL,
  day             date NOT NULL,
  computed_at     bigint NOT NULL,
  visits          bigint NOT NULL,
  engaged         bigint NOT NULL,
  offers_viewed   bigint NOT NULL,
  applications    bigint NOT NULL,
  approved        bigint NOT NULL,
  counter_offers  bigint NOT NULL,
  referred        bigint NOT NULL,
  declined        bigint NOT NULL,
  pending         bigint NOT NULL,
  assisted        bigint NOT NULL,
  orders          bigint NOT NULL,
  financed_orders bigint NOT NULL,
  sales_fen       bigint NOT NULL,
  financed_fen    bigint NOT NULL,
  cancellations   bigint NOT NULL,
  cancelled_fen   bigint NOT NULL,
  active_stores   integer NOT NULL,
  PRIMARY KEY (scope, day)
);
CREATE TABLE hq_scope_day_categories (
  scope        text NOT NULL,
  day          date NOT NULL,
  category_id  text NOT NULL,
  sales_fen    double precision NOT NULL,
  financed_fen double precision NOT NULL,
  PRIMARY KEY (scope, day, category_id)
);

CREATE FUNCTION hq_refresh_store_days(p_store text, p_days date[]) RETURNS void LANGUAGE sql AS $fn$
DELETE FROM hq_store_days WHERE store_id = p_store AND day = ANY (p_days);
DELETE FROM hq_store_day_categories WHERE store_id = p_store AND day = ANY (p_days);
DELETE FROM hq_rep_days WHERE store_id = p_store AND day = ANY (p_days);

-- A row for every day asked, empty or not: its time tells a region's or the chain's day to sum again.
INSERT INTO hq_store_days (store_id, day, visits, engaged, offers_viewed, applications, approved, counter_offers, referred, declined, pending, assisted,
                           orders, financed_orders, sales_fen, financed_fen, cancellations, cancelled_fen, updated_at)
SELECT p_store, d.day, v.visits, v.engaged, v.offers, a.n, a.approved, a.counter_offers, a.referred, a.declined, a.pending, a.assisted,
       o.n, o.financed, o.sales, o.financed_fen, c.n, c.fen, (extract(epoch FROM clock_timestamp()) * 1000)::bigint
  FROM (SELECT DISTINCT day, hq_day_start(day) AS lo, hq_day_start(day + 1) AS hi FROM unnest(p_days) AS day) d
 CROSS JOIN LATERAL (
   SELECT count(*) AS visits,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hq_shopper_events e WHERE e.kiosk_id = s.kiosk_id AND e.session_id = s.session_id AND e.event ->> 'type' = 'product_viewed')) AS engaged,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hq_shopper_events e WHERE e.kiosk_id = s.kiosk_id AND e.session_id = s.session_id AND e.event ->> 'type' = 'offers_viewed')) AS offers
     FROM hq_sessions s JOIN kiosks k ON k.id = s.kiosk_id
    WHERE k.store_id = p_store AND s.started_at >= d.lo AND s.started_at < d.hi) v
 CROSS JOIN LATERAL (
   SELECT count(*) AS n,
          count(*) FILTER (WHERE x.o = 'approve') AS approved,
          count(*) FILTER (WHERE x.o = 'counter_offer') AS counter_offers,
          count(*) FILTER (WHERE x.o = 'refer') AS referred,
          count(*) FILTER (WHERE x.o = 'decline') AS declined,
          count(*) FILTER (WHERE x.o = 'pending') AS pending,
          count(*) FILTER (WHERE x.assisted_by IS NOT NULL) AS assisted
     FROM (SELECT CASE WHEN ap.status = 'pending' THEN 'pending' ELSE ap.outcome END AS o, ap.assisted_by
             FROM hq_applications ap JOIN kiosks k ON k.id = ap.kiosk_id
            WHERE k.store_id = p_store AND ap.applied_at >= d.lo AND ap.applied_at < d.hi AND ap.outcome IS NOT NULL) x) a
 CROSS JOIN LATERAL (
   SELECT count(*) AS n,
          count(*) FILTER (WHERE o.payment = 'installment') AS financed,
          coalesce(sum(o.total_fen), 0) AS sales,
          coalesce(sum(o.total_fen) FILTER (WHERE o.payment = 'installment'), 0) AS financed_fen
     FROM hq_orders o JOIN kiosks k ON k.id = o.kiosk_id
    WHERE k.store_id = p_store AND o.placed_at >= d.lo AND o.placed_at < d.hi AND o.cancelled_at IS NULL) o
 CROSS JOIN LATERAL (
   SELECT count(*) AS n, coalesce(sum(r.amount_fen), 0) AS fen
     FROM hq_cancellations ca JOIN kiosks k ON k.id = ca.kiosk_id
     LEFT JOIN hq_refunds r ON r.kiosk_id = ca.kiosk_id AND r.application_id = ca.application_id
    WHERE k.store_id = p_store AND ca.kind = 'cancelled' AND ca.at >= d.lo AND ca.at < d.hi) c;

INSERT INTO hq_store_day_categories (store_id, day, category_id, sales_fen, financed_fen)
SELECT p_store, hq_store_day(o.placed_at), l.value ->> 'categoryId',
       sum(o.total_fen * (l.value ->> 'unitPriceFen')::bigint * (l.value ->> 'quantity')::bigint
           / (SELECT sum((x.value ->> 'unitPriceFen')::bigint * (x.value ->> 'quantity')::bigint) FROM jsonb_array_elements(o.lines) x)::double precision),
       coalesce(sum(o.total_fen * (l.value ->> 'unitPriceFen')::bigint * (l.value ->> 'quantity')::bigint
           / (SELECT sum((x.value ->> 'unitPriceFen')::bigint * (x.value ->> 'quantity')::bigint) FROM jsonb_array_elements(o.lines) x)::double precision)
         FILTER (WHERE o.payment = 'installment'), 0)
  FROM hq_orders o JOIN kiosks k ON k.id = o.kiosk_id, jsonb_array_elements(o.lines) l
 WHERE k.store_id = p_store AND o.cancelled_at IS NULL AND hq_store_day(o.placed_at) = ANY (p_days)
   AND o.placed_at >= hq_day_start((SELECT min(day) FROM unnest(p_days) AS day))
   AND o.placed_at < hq_day_start((SELECT max(day) FROM unnest(p_days) AS day) + 1)
 GROUP BY 2, 3;

INSERT INTO hq_rep_days (store_id, day, staff_id, applications, approved, referred, declined, id_not_seen, cancelled)
SELECT p_store, hq_store_day(ap.applied_at), ap.assisted_by, count(*),
       count(*) FILTER (WHERE ap.outcome IN ('approve', 'counter_offer')),
       count(*) FILTER (WHERE ap.outcome = 'refer'),
       count(*) FILTER (WHERE ap.outcome = 'decline'),
       count(*) FILTER (WHERE ap.id_card_seen IS NOT TRUE),
       count(*) FILTER (WHERE ap.status = 'cancelled')
  FROM hq_applications ap JOIN kiosks k ON k.id = ap.kiosk_id
 WHERE k.store_id = p_store AND ap.assisted_by IS NOT NULL AND ap.outcome IS NOT NULL AND hq_store_day(ap.applied_at) = ANY (p_days)
   AND ap.applied_at >= hq_day_start((SELECT min(day) FROM unnest(p_days) AS day))
   AND ap.applied_at < hq_day_start((SELECT max(day) FROM unnest(p_days) AS day) + 1)
 GROUP BY 2, 3;
$fn$;

-- Everything pushed before this migration, rolled up once.
SELECT hq_refresh_store_days(store_id, array_agg(DISTINCT day))
  FROM (SELECT k.store_id, hq_store_day(s.started_at) AS day FROM hq_sessions s JOIN kiosks k ON k.id = s.kiosk_id
        UNION SELECT k.store_id, hq_store_day(a.applied_at) FROM hq_applications a JOIN kiosks k ON k.id = a.kiosk_id
        UNION SELECT k.store_id, hq_store_day(o.placed_at) FROM hq_orders o JOIN kiosks k ON k.id = o.kiosk_id
        UNION SELECT k.store_id, hq_store_day(c.at) FROM hq_cancellations c JOIN kiosks k ON k.id = c.kiosk_id) touched
 GROUP BY store_id;
`,
};
